package io.dialgate.simulator.pbx;

/** A pause; {@code type} is wrap, dnd, lajdak or null for a custom pause. */
public record Pause(String name, String title, String type, boolean paid, Integer maxDuration) {
}
