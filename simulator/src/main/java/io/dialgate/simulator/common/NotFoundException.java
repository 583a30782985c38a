package io.dialgate.simulator.common;

/** A record, endpoint or call that does not exist. */
public class NotFoundException extends SimulatorException {

    public NotFoundException(String message) {
        super(message);
    }
}
