package io.dialgate.simulator.control;

/** {@code POST /_sim/instances/{i}/calls}: ring an inbound call from {@code from} at user {@code to}. */
public record CallRequest(String to, String from, String queue) {
}
