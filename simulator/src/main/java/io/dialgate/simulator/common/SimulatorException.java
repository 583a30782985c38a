package io.dialgate.simulator.common;

/**
 * Base of every domain error. Subclasses name what went wrong; {@link ErrorStatus} alone decides
 * the HTTP status, so domain code knows nothing of HTTP.
 */
public abstract class SimulatorException extends RuntimeException {

    protected SimulatorException(String message) {
        super(message, null, false, false);
    }
}
