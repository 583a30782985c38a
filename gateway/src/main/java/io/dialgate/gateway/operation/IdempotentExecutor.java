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

/**
 * Runs an operation at most once per {@code Idempotency-Key} (Stripe semantics): the first request
 * claims the key in its own committed transaction, runs, and stores its response; a retry with the
 * same body gets that response again, waiting if the first is still running; a retry with another
 * body is refused with 422. Outcomes where the PBX may have acted (including time-outs) are kept;
 * only an unreachable PBX, which certainly did nothing, releases the key for another try.
 */
@ApplicationScoped
public class IdempotentExecutor {

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

    /** A stored or fresh outcome: HTTP status and JSON body; {@code replayed} when it came from the store. */
    public record Outcome(int status, String body, boolean replayed) {
    }

    public Outcome execute(String tenantId, String scope, Optional<String> key, Object request, Supplier<Object> action) {
        if (key.isEmpty()) {
            return new Outcome(201, write(action.get()), false);
        }
        String requestHash = Hashes.sha256Hex(write(request));
        if (store.claim(tenantId, scope, key.get(), requestHash)) {
            return run(tenantId, scope, key.get(), action);
        }
        return replayOrRun(tenantId, scope, key.get(), requestHash, action);
    }

    private Outcome run(String tenantId, String scope, String key, Supplier<Object> action) {
        try {
            Outcome outcome = new Outcome(201, write(action.get()), false);
            store.complete(tenantId, scope, key, outcome.status(), outcome.body());
            return outcome;
        } catch (Errors.PbxUnavailableException unreachable) {
            store.release(tenantId, scope, key);
            throw unreachable;
        } catch (DialgateException failure) {
            store.complete(tenantId, scope, key, Problems.status(failure), write(Problems.of(failure, null)));
            throw failure;
        } catch (RuntimeException unexpected) {
            store.release(tenantId, scope, key);
            throw unexpected;
        }
    }

    private Outcome replayOrRun(String tenantId, String scope, String key, String requestHash, Supplier<Object> action) {
        Instant deadline = clock.instant().plus(config.concurrentWait());
        while (true) {
            Optional<IdempotencyRecord> record = store.find(tenantId, scope, key);
            if (record.isEmpty()) {
                // Released by a first attempt that never reached the PBX: this retry may take its turn.
                if (store.claim(tenantId, scope, key, requestHash)) {
                    return run(tenantId, scope, key, action);
                }
                continue;
            }
            if (!record.get().requestHash().equals(requestHash)) {
                throw new Errors.UnprocessableException("idempotency_key_reused",
                        "This Idempotency-Key was used with a different request body; use a new key for a new request");
            }
            if (record.get().done()) {
                return new Outcome(record.get().status(), record.get().responseBody(), true);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new Errors.ConflictException("idempotency_in_progress",
                        "A request with this Idempotency-Key is still running; retry later");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Errors.ConflictException("idempotency_in_progress", "Interrupted while waiting for the first request");
            }
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

}
