package io.dialgate.simulator.common;

/**
 * An input error whose status is itself a setting (for example the [assumed] status for an unknown
 * queue), so it cannot sit in the fixed {@link ErrorStatus} table.
 */
public class StatusException extends SimulatorException {

    private final int status;

    public StatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The configured HTTP status. */
    public int status() {
        return status;
    }
}
