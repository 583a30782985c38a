package io.dialgate.simulator.common;

/** A request named a PBX instance that does not exist. */
public class UnknownInstanceException extends SimulatorException {

    public UnknownInstanceException(String message) {
        super(message);
    }
}
