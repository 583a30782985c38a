package io.dialgate.simulator.client;

/**
 * The simulator refused a control request, or could not be reached. {@link #status()} is the HTTP
 * status (0 when no answer came) and {@link #problem()} the problem+json body the simulator sent.
 */
public final class SimulatorException extends RuntimeException {

    private final int status;
    private final String problem;

    SimulatorException(String message, int status, String problem, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    /** The answer's body as sent (problem+json), or an empty string. */
    public String problem() {
        return problem;
    }
}
