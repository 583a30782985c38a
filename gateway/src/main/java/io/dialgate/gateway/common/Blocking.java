package io.dialgate.gateway.common;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;

/**
 * Runs blocking work (a database read, a transaction) from a non-blocking request path on Quarkus's
 * worker pool. Command endpoints run on the event loop so that a request costs no thread hand-off
 * when everything it needs is cached; only a cache miss or a write pays for one.
 */
public final class Blocking {

    private Blocking() {
    }

    /**
     * The work, on a worker thread. A caller that may block (already a worker, e.g. an idempotent call
     * waiting for its dial) runs it itself: a worker that waited for another worker could, under load,
     * leave the pool full of threads waiting for work queued behind them.
     */
    public static <T> Uni<T> call(Supplier<T> work) {
        Uni<T> uni = Uni.createFrom().item(work);
        return Infrastructure.canCallerThreadBeBlocked() ? uni : uni.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public static Uni<Void> run(Runnable work) {
        return call(() -> {
            work.run();
            return null;
        });
    }
}
