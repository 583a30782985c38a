package io.dialgate.gateway.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lets a transaction that appends many events at once (the poll answers recorded in one batch) share the work
 * its events' observers would otherwise repeat per event. Between {@link #begin} and {@link #end}, an observer
 * reads what it needs per tenant once ({@link #readOnce}) and defers its writes to the end ({@link #atEnd}), and
 * rows of one kind are gathered ({@link #write}) and written together, in one statement per kind, instead of one
 * insert per row. Outside such a batch all of these simply run at once.
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
        final Map<String, List<Object>> rows = new HashMap<>();
    }

    /** Starts a batch in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void begin() {
        registry.putResource(KEY, new State());
    }

    /**
     * Runs the writes deferred since {@link #begin}, in the order they were deferred, and ends the batch. A deferred
     * write may defer more (a fan-out gathering the rows of its deliveries): those run after it, still in the batch.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void end() {
        State state = current();
        if (state == null) {
            return;
        }
        for (int i = 0; i < state.deferred.size(); i++) {
            state.deferred.get(i).run();
        }
        registry.putResource(KEY, null);
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

    /**
     * Within a batch, gathers {@code row} with the others of its {@code kind}; they are written by one call of
     * {@code writeAll}, deferred to the end at the first row, so a kind's rows are written in the order of its
     * first row among the deferred writes (events before the deliveries that refer to them). Outside a batch,
     * {@code writeOne} writes the row now.
     */
    @SuppressWarnings("unchecked")
    public <T> void write(String kind, T row, Consumer<List<T>> writeAll, Consumer<T> writeOne) {
        State state = current();
        if (state == null) {
            writeOne.accept(row);
            return;
        }
        state.rows.computeIfAbsent(kind, k -> {
            List<Object> pending = new ArrayList<>();
            state.deferred.add(() -> {
                state.rows.remove(k);
                writeAll.accept((List<T>) pending);
            });
            return pending;
        }).add(row);
    }

    private State current() {
        return registry.getTransactionKey() == null ? null : (State) registry.getResource(KEY);
    }
}
