package io.dialgate.simulator.control;

/** A call as the control API reports it: call id, activity name and state. */
public record CallResponse(String id, String activity, String state) {
}
