package io.dialgate.gateway.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Lets a transaction that appends many events at once (the poll answers recorded in one batch) share the work
 * its events' observers would otherwise repeat per event. Between {@link #begin} and {@link #end}, an observer
 * reads what it needs per tenant once ({@link #readOnce}) and defers its writes to the end ({@link #atEnd}), so
 * that the events' rows and the observers' rows are each written together, in one JDBC batch, instead of
 * alternating. Outside such a batch both simply run at once.
 *
 * <p>Only for transactions that change no configuration the observers read (tenants, webhook endpoints): what
 * was read once stays as read until the transaction ends. Kept with the transaction
 * ({@link TransactionSynchronizationRegistry}), so a batch never outlives it or leaks into another.
 */
@ApplicationScoped
public class AppendBatch {

    private static final String KEY = AppendBatch.class.getName();

    private final TransactionSynchronizationRegistry registry;

    public AppendBatch(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    private static final class State {
        final Map<String, Object> read = new HashMap<>();
        final List<Runnable> deferred = new ArrayList<>();
    }

    /** Starts a batch in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void begin() {
        registry.putResource(KEY, new State());
    }

    /** Runs the writes deferred since {@link #begin}, in the order they were deferred, and ends the batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void end() {
        State state = current();
        if (state == null) {
            return;
        }
        registry.putResource(KEY, null);
        state.deferred.forEach(Runnable::run);
    }

    /** Within a batch, what {@code read} gives for {@code key} the first time it is asked in this transaction. */
    @SuppressWarnings("unchecked")
    public <T> T readOnce(String key, Supplier<T> read) {
        State state = current();
        return state == null ? read.get() : (T) state.read.computeIfAbsent(key, k -> read.get());
    }

    /** Within a batch, runs {@code write} at its end; otherwise now. */
    public void atEnd(Runnable write) {
        State state = current();
        if (state == null) {
            write.run();
        } else {
            state.deferred.add(write);
        }
    }

    private State current() {
        return registry.getTransactionKey() == null ? null : (State) registry.getResource(KEY);
    }
}
