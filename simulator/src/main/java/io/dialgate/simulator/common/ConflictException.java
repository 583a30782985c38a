package io.dialgate.simulator.common;

/** An operation that does not fit the current state (answering an ended call). */
public class ConflictException extends SimulatorException {

    public ConflictException(String message) {
        super(message);
    }
}
