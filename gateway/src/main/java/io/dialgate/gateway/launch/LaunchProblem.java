package io.dialgate.gateway.launch;

/**
 * A start-up condition a person must fix (bad setting, busy port, unwritable directory). Its message
 * is one line that says what is wrong and how to fix it; it is printed without a stack trace.
 */
public final class LaunchProblem extends RuntimeException {

    public LaunchProblem(String message) {
        super(message, null, false, false);
    }
}
