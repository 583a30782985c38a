package io.dialgate.simulator.fault;

import io.dialgate.simulator.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** The faults of one instance, matched in the order they were added. Thread-safe. */
public final class FaultBook {

    private final List<Fault> faults = new ArrayList<>();
    private int nextId = 1;

    /** Validates and registers a fault; the endpoint may be given with or without {@code .json}. */
    public synchronized Fault add(FaultRequest request) {
        if (request.status() != null && (request.status() < 100 || request.status() > 599)) {
            throw new InvalidInputException("Field 'status' must be an HTTP status between 100 and 599");
        }
        if (request.ratio() != null && (request.ratio() < 0 || request.ratio() > 1)) {
            throw new InvalidInputException("Field 'ratio' must be between 0 and 1");
        }
        if (request.count() != null && request.count() < 1) {
            throw new InvalidInputException("Field 'count' must be at least 1");
        }
        if (request.latencyMs() != null && (request.latencyMs() < 0 || request.latencyMs() > 600_000)) {
            throw new InvalidInputException("Field 'latencyMs' must be between 0 and 600000");
        }
        if (request.retryAfter() != null && request.retryAfter() < 0) {
            throw new InvalidInputException("Field 'retryAfter' must not be negative");
        }
        boolean hasEffect = request.status() != null || request.latencyMs() != null
                || Boolean.TRUE.equals(request.drop()) || request.quirk() != null;
        if (!hasEffect) {
            throw new InvalidInputException("A fault needs one of 'status', 'latencyMs', 'drop' or 'quirk'");
        }
        boolean replacesAnswer = request.status() != null || Boolean.TRUE.equals(request.drop())
                || (request.quirk() != null && !request.quirk().reshapesList());
        if (Boolean.TRUE.equals(request.afterAction()) && !replacesAnswer) {
            throw new InvalidInputException("A fault with 'afterAction' needs 'status', 'drop' or an answer-replacing 'quirk'");
        }
        String endpoint = request.endpoint();
        if (endpoint != null && endpoint.endsWith(".json")) {
            endpoint = endpoint.substring(0, endpoint.length() - ".json".length());
        }
        Fault fault = new Fault("flt_" + nextId++, request, endpoint);
        faults.add(fault);
        return fault;
    }

    /** The first fault that matches and fires (ratio) for this request, consuming one use of it. */
    public synchronized Optional<Fault> match(String token, String endpoint, DoubleSupplier random) {
        for (Fault fault : faults) {
            if (!fault.matches(token, endpoint) || fault.usedUp()) {
                continue;
            }
            if (fault.getRatio() != null && random.getAsDouble() >= fault.getRatio()) {
                continue;
            }
            fault.consume();
            return Optional.of(fault);
        }
        return Optional.empty();
    }

    public synchronized List<Fault> list() {
        return List.copyOf(faults);
    }

    public synchronized void clear() {
        faults.clear();
    }
}
