package io.dialgate.simulator.common;

/** Input that is missing, malformed or names something unknown. */
public class InvalidInputException extends SimulatorException {

    public InvalidInputException(String message) {
        super(message);
    }
}
