package io.dialgate.simulator.pbx;

/** A queue: {@code type} is {@code in} or {@code out}; outbound calls need an {@code out} queue. */
public record Queue(String name, String title, String type) {
}
