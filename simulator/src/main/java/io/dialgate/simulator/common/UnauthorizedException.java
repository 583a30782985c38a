package io.dialgate.simulator.common;

/** A missing, wrong or revoked token, or bad login credentials. */
public class UnauthorizedException extends SimulatorException {

    public UnauthorizedException(String message) {
        super(message);
    }
}
