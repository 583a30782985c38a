package io.dialgate.simulator.common;

/** The token's user lacks rights over the user it acts for. */
public class ForbiddenException extends SimulatorException {

    public ForbiddenException(String message) {
        super(message);
    }
}
