package io.dialgate.gateway.operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.gateway.common.DialgateException;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Hashes;
import io.dialgate.gateway.common.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs an operation at most once per {@code Idempotency-Key} (Stripe semantics): the first request
 * claims the key in its own committed transaction, runs, and stores its response; a retry with the
 * same body gets that response again, waiting if the first is still running; a retry with another
 * body is refused with 422.
 *
 * <p>Only a failure that certainly never reached the PBX (no connection, or the PBX throttling us)
 * releases the key for another try. A failure that may have reached it (a lost answer, a reset, a
 * time-out, a 5xx from a proxy) leaves the key {@code unknown}, and so does a first request whose
 * gateway died: a key {@code in_progress} for longer than {@code inProgressTimeout}. A retry of such
 * a key never runs the operation again; it asks the PBX through the operation's {@link OutcomeLookup}
 * and answers with what it finds, or 409 {@code idempotency_outcome_unknown}.
 */
@ApplicationScoped
public class IdempotentExecutor {

    private static final Logger LOG = Logger.getLogger(IdempotentExecutor.class);

    private final IdempotencyStore store;
    private final IdempotencyConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public IdempotentExecutor(IdempotencyStore store, IdempotencyConfig config, ObjectMapper json, Clock clock) {
        this.store = store;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** A stored or fresh outcome: HTTP status and JSON body; {@code replayed} when it came from the store or the PBX. */
    public record Outcome(int status, String body, boolean replayed) {
    }

    public <T> Outcome execute(String tenantId, String scope, String key, Object request, Supplier<T> action,
            OutcomeLookup<T> lookup) {
        String requestHash = Hashes.sha256Hex(write(request));
        if (store.claim(tenantId, scope, key, requestHash)) {
            return run(tenantId, scope, key, action, lookup);
        }
        return replayOrRun(tenantId, scope, key, requestHash, action, lookup);
    }

    private <T> Outcome run(String tenantId, String scope, String key, Supplier<T> action, OutcomeLookup<T> lookup) {
        T response;
        try {
            response = action.get();
        } catch (Errors.PbxUnavailableException unavailable) {
            if (unavailable.mayHaveActed()) {
                keepAsUnknown(tenantId, scope, key, unavailable);
            } else {
                store.release(tenantId, scope, key);
            }
            throw unavailable;
        } catch (Errors.PbxTimeoutException timedOut) {
            keepAsUnknown(tenantId, scope, key, timedOut);
            throw timedOut;
        } catch (Errors.RateLimitedException throttled) {
            // The PBX refused to look at the request: certainly nothing was done.
            store.release(tenantId, scope, key);
            throw throttled;
        } catch (DialgateException refused) {
            store.complete(tenantId, scope, key, Problems.status(refused), write(Problems.of(refused, null)), null);
            throw refused;
        } catch (RuntimeException unexpected) {
            keepAsUnknown(tenantId, scope, key, unexpected);
            throw unexpected;
        }
        Outcome outcome = new Outcome(201, write(response), false);
        store.complete(tenantId, scope, key, outcome.status(), outcome.body(), lookup.reference(response));
        return outcome;
    }

    private void keepAsUnknown(String tenantId, String scope, String key, RuntimeException failure) {
        store.markUnknown(tenantId, scope, key);
        LOG.warnf("Idempotency-Key kept for %s: the PBX may have acted although the answer was lost (%s); a retry"
                + " looks for the outcome on the PBX instead of sending the command again", scope, failure.getMessage());
    }

    private <T> Outcome replayOrRun(String tenantId, String scope, String key, String requestHash, Supplier<T> action,
            OutcomeLookup<T> lookup) {
        Instant deadline = clock.instant().plus(config.concurrentWait());
        while (true) {
            Optional<IdempotencyRecord> record = store.find(tenantId, scope, key);
            if (record.isEmpty()) {
                // Released by a first attempt that never reached the PBX: this retry may take its turn.
                if (store.claim(tenantId, scope, key, requestHash)) {
                    return run(tenantId, scope, key, action, lookup);
                }
                continue;
            }
            IdempotencyRecord found = record.get();
            if (!found.requestHash().equals(requestHash)) {
                throw new Errors.UnprocessableException("idempotency_key_reused",
                        "This Idempotency-Key was used with a different request body; use a new key for a new request");
            }
            if (found.done()) {
                return new Outcome(found.status(), found.responseBody(), true);
            }
            boolean abandoned = found.state() == IdempotencyRecord.State.in_progress
                    && found.sinceUpdate().compareTo(config.inProgressTimeout()) > 0;
            if (found.state() == IdempotencyRecord.State.unknown || abandoned) {
                return resolve(tenantId, scope, key, found, lookup);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new Errors.ConflictException("idempotency_in_progress",
                        "A request with this Idempotency-Key is still running; retry later (after "
                                + config.inProgressTimeout().toSeconds() + " s a retry checks the PBX for its outcome)");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Errors.ConflictException("idempotency_in_progress", "Interrupted while waiting for the first request");
            }
        }
    }

    /** Asks the PBX what the first request did; stores and answers it, or says that it cannot be known. */
    private <T> Outcome resolve(String tenantId, String scope, String key, IdempotencyRecord record, OutcomeLookup<T> lookup) {
        Optional<T> placed = lookup.find(record.sinceClaim(), ref -> store.isCredited(tenantId, scope, ref));
        if (placed.isEmpty()) {
            throw new Errors.ConflictException("idempotency_outcome_unknown", "The first request with this Idempotency-Key"
                    + " may have reached the PBX, but its answer was lost and the PBX shows no matching result yet."
                    + " It is not sent again with this key. Check the user's state (GET /v1/users/{id}/state) or events,"
                    + " retry later to look again, or use a new key to send it anew");
        }
        Outcome outcome = new Outcome(201, write(placed.get()), true);
        store.complete(tenantId, scope, key, outcome.status(), outcome.body(), lookup.reference(placed.get()));
        LOG.infof("Idempotency-Key of %s resolved from the PBX: the first request had acted", scope);
        return outcome;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
