package io.dialgate.simulator.common;

/** A request body above the size the simulator buffers. */
public class PayloadTooLargeException extends SimulatorException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
