package io.dialgate.gateway.operation;

import java.time.Duration;

/**
 * What an {@code Idempotency-Key} has seen: the hash of the first request's body, its state, the response
 * to replay once done, and how long ago it was claimed and last changed (by the database's clock).
 */
record IdempotencyRecord(String requestHash, State state, Integer status, String responseBody, Duration sinceClaim,
        Duration sinceUpdate) {

    /** Stored as text in {@code idempotency_record.state}. */
    enum State {
        /** The first request is running (or its gateway died while it ran). */
        in_progress,
        /** The outcome is stored and replayed. */
        done,
        /** The first request may have reached the PBX, but its answer was lost. */
        unknown
    }

    boolean done() {
        return state == State.done;
    }
}
