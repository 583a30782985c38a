package io.dialgate.gateway.event;

import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.database.DatabaseAvailability;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Feeds every SSE stream of this replica from one reader, so the database work of streams does not grow with
 * their number: each poll interval one query reads the new events of all tenants with an open stream, in commit
 * order, and hands each event to the streams that want it. A stream that resumes ({@code Last-Event-ID}) first
 * reads its own backlog, then joins the reader under its lock at a position no event can slip behind (see
 * {@link #subscribe}). Every {@code stream-auth-check} the streams' API keys are checked again in one query;
 * a stream whose key was revoked, or whose tenant was suspended, is closed.
 */
@ApplicationScoped
public class EventStreamHub {

    private static final Logger LOG = Logger.getLogger(EventStreamHub.class);
    private static final int PAGE = 1000;
    private static final int CATCH_UP_PAGE = 500;

    private final EventFeedService feed;
    private final EventConfig config;
    private final EntityManager em;
    private final DatabaseAvailability database;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Subscriber> live = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perTenant = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private volatile FeedPosition position;
    private volatile Thread reader;
    private volatile boolean running = true;
    private long lastAuthCheck = System.nanoTime();
    private long lastHeartbeat = System.nanoTime();

    /** Sent to every stream each {@code stream-heartbeat}, as an SSE comment that keeps proxies from closing it. */
    static final Object HEARTBEAT = new Object();

    public EventStreamHub(EventFeedService feed, EventConfig config, EntityManager em, DatabaseAvailability database) {
        this.feed = feed;
        this.config = config;
        this.em = em;
        this.database = database;
    }

    /** One open stream: what it wants, how far it got, where its events go. */
    static final class Subscriber {
        final String tenantId;
        final String keyHash;
        final Optional<String> type;
        final Optional<String> userId;
        final MultiEmitter<Object> emitter;
        final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        FeedPosition position;

        Subscriber(String tenantId, String keyHash, Optional<String> type, Optional<String> userId, MultiEmitter<Object> emitter) {
            this.tenantId = tenantId;
            this.keyHash = keyHash;
            this.type = type;
            this.userId = userId;
            this.emitter = emitter;
        }

        boolean wants(Event e) {
            return e.tenantId.equals(tenantId) && type.map(t -> t.equals(e.type)).orElse(true)
                    && userId.map(u -> u.equals(e.userId)).orElse(true);
        }
    }

    /** Takes a place for a new stream of the tenant, or answers 429 when it has its maximum open on this replica. */
    void reserve(String tenantId) {
        int open = perTenant.merge(tenantId, 1, Integer::sum);
        if (open > config.maxStreamsPerTenant()) {
            release(tenantId);
            throw new Errors.RateLimitedException("This tenant already has " + config.maxStreamsPerTenant()
                    + " event streams open on this gateway; close one, or use the paged feed", Duration.ofSeconds(10));
        }
    }

    /** Gives back a place taken by {@link #reserve}. */
    void release(String tenantId) {
        perTenant.computeIfPresent(tenantId, (t, n) -> n <= 1 ? null : n - 1);
    }

    /**
     * Starts feeding {@code s} the events after {@code from}: its backlog first (read for it alone), then
     * live events from the shared reader. The last backlog read runs under the reader's lock and reads every
     * event visible then; events committing later sort after it and after the reader's position, so the reader
     * delivers them and nothing is sent twice or skipped. Blocking; called on a worker.
     */
    void subscribe(Subscriber s, FeedPosition from) {
        s.emitter.onTermination(() -> close(s));
        s.position = from;
        // Most of a backlog is read without the lock, so other streams are not held up by a long one.
        while (catchUp(s) == CATCH_UP_PAGE) {
            if (s.emitter.isCancelled()) {
                return;
            }
        }
        lock.lock();
        try {
            if (live.isEmpty()) {
                position = feed.now();
            }
            while (catchUp(s) == CATCH_UP_PAGE) {
                // a last full page came in meanwhile; read on
            }
            if (!s.closed.get()) {
                live.add(s);
                startReader();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends a stream's subscription once, whether it ended by itself, was cancelled or was closed here. */
    private void close(Subscriber s) {
        if (s.closed.compareAndSet(false, true)) {
            live.remove(s);
            release(s.tenantId);
        }
    }

    /** Reads and sends one page of the subscriber's own backlog; returns its size. */
    private int catchUp(Subscriber s) {
        List<EventFeedService.Positioned> page = feed.pageAfter(s.tenantId, s.position, CATCH_UP_PAGE, s.type, s.userId);
        for (EventFeedService.Positioned p : page) {
            s.emitter.emit(p.event());
            s.position = p.position();
        }
        return page.size();
    }

    private void startReader() {
        if (reader == null) {
            Thread t = new Thread(this::loop, "sse-reader");
            t.setDaemon(true);
            reader = t;
            t.start();
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        running = false;
        live.forEach(s -> s.emitter.complete());
    }

    private void loop() {
        while (running) {
            try {
                if (!live.isEmpty()) {
                    readOnce();
                    heartbeatIfDue();
                    checkAuthIfDue();
                }
            } catch (Throwable t) {
                if (!database.absorb(t)) {
                    LOG.error("The SSE reader failed a round; trying again at the next interval", t);
                }
            }
            LockSupport.parkNanos(this, config.streamPollInterval().toNanos());
        }
    }

    /** One round of the shared reader: the new events of every tenant with a stream, to each stream that wants them. */
    void readOnce() {
        lock.lock();
        try {
            Set<String> tenants = new HashSet<>();
            live.forEach(s -> tenants.add(s.tenantId));
            if (tenants.isEmpty()) {
                return;
            }
            List<EventFeedService.Positioned> page;
            do {
                page = feed.pageAfterAcrossTenants(tenants, position, PAGE);
                reads.incrementAndGet();
                for (EventFeedService.Positioned p : page) {
                    for (Subscriber s : live) {
                        if (s.wants(p.event()) && p.position().isAfter(s.position)) {
                            s.emitter.emit(p.event());
                            s.position = p.position();
                        }
                    }
                    position = p.position();
                }
            } while (page.size() == PAGE);
        } finally {
            lock.unlock();
        }
    }

    private void heartbeatIfDue() {
        if (System.nanoTime() - lastHeartbeat >= config.streamHeartbeat().toNanos()) {
            lastHeartbeat = System.nanoTime();
            live.forEach(s -> s.emitter.emit(HEARTBEAT));
        }
    }

    /** Closes the streams whose API key was revoked or whose tenant was suspended since they opened. */
    @SuppressWarnings("unchecked")
    void checkAuthIfDue() {
        if (System.nanoTime() - lastAuthCheck < config.streamAuthCheck().toNanos()) {
            return;
        }
        lastAuthCheck = System.nanoTime();
        List<Subscriber> streams = new ArrayList<>(live);
        Set<String> hashes = new HashSet<>();
        streams.forEach(s -> hashes.add(s.keyHash));
        if (hashes.isEmpty()) {
            return;
        }
        Set<String> valid = new HashSet<>(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT k.key_hash FROM api_key k JOIN tenant t ON t.id = k.tenant_id
                WHERE k.key_hash IN (:hashes) AND k.revoked_at IS NULL AND NOT t.suspended""")
                .setParameter("hashes", List.copyOf(hashes)).getResultList()));
        for (Subscriber s : streams) {
            if (!valid.contains(s.keyHash)) {
                LOG.infof("Closing an SSE stream of tenant %s: its API key was revoked or the tenant suspended", s.tenantId);
                s.emitter.complete();
                close(s);
            }
        }
    }

    /** Database reads of the shared reader so far (tests: the load does not grow with the number of streams). */
    long reads() {
        return reads.get();
    }

    /** Streams fed live now. */
    int liveStreams() {
        return live.size();
    }
}
