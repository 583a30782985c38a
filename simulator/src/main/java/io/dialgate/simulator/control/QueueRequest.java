package io.dialgate.simulator.control;

/** {@code POST /_sim/instances/{i}/queues}: {@code type} is {@code in} or {@code out}. */
public record QueueRequest(String name, String title, String type) {
}
