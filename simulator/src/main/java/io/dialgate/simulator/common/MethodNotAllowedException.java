package io.dialgate.simulator.common;

/** An HTTP method an endpoint does not serve. */
public class MethodNotAllowedException extends SimulatorException {

    public MethodNotAllowedException(String message) {
        super(message);
    }
}
