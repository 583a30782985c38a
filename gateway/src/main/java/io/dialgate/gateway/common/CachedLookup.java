package io.dialgate.gateway.common;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A read through a Quarkus cache from the event loop. A value already in the cache is handed over on
 * the calling thread: {@link Cache#getAsync} would re-dispatch even a hit through an executor, a cost
 * paid on every command. A miss loads on a worker, in a transaction, through {@code getAsync}, so
 * concurrent misses for one key share one load.
 */
public final class CachedLookup {

    private CachedLookup() {
    }

    @SuppressWarnings("unchecked")
    public static <K, V> Uni<V> get(Cache cache, K key, Supplier<V> databaseLoad) {
        CompletableFuture<Object> cached = cache.as(CaffeineCache.class).getIfPresent(key);
        if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
            return Uni.createFrom().item((V) cached.join());
        }
        return cache.getAsync(key, k -> Blocking.call(() -> QuarkusTransaction.joiningExisting().call(databaseLoad::get)));
    }
}
