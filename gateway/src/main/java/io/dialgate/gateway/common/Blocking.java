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

    public static <T> Uni<T> call(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public static Uni<Void> run(Runnable work) {
        return call(() -> {
            work.run();
            return null;
        });
    }
}
