package io.dialgate.gateway.webhook.dispatch;

import io.dialgate.gateway.database.DatabaseAvailability;
import io.dialgate.gateway.event.EventAppended;
import io.dialgate.gateway.webhook.WebhookConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Drives the {@link WebhookDispatcher} on one thread until shutdown, as a pipeline rather than a loop of
 * {@code runOnce()} (the house style prefers the latter; here it would let the slowest attempt of each batch stall
 * the next claim). Each {@link #step()} writes back, in one transaction, every result that came in since the
 * last one, then claims as many due deliveries as there is room for under
 * {@code dialgate.webhook.dispatcher.concurrency} and starts them; attempts are in flight meanwhile.
 *
 * <p>One user's order still holds: a delivery stays {@code sending} until its result is written, and the claim
 * never takes a row while an earlier row of its (endpoint, user) is open.
 *
 * <p>It sleeps only when a step did nothing: for the idle sleep when nothing is in flight, else for at most
 * {@link #LINGER_NANOS}, so that results are written in rounds rather than one transaction each. An event
 * committed in this replica, half a batch of results waiting, or the last attempt in flight finishing wake
 * it at once. Every Throwable is logged and the loop goes on. On shutdown it stops claiming, waits for the
 * attempts in flight (at most the request timeout) and records them.
 */
@ApplicationScoped
public class WebhookDispatcherWorker {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcherWorker.class);

    /** Longest a result waits for others to share its write-back transaction while attempts are in flight. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final WebhookDispatcher dispatcher;
    private final WebhookConfig config;
    private final DatabaseAvailability database;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Queue<DeliveryResult> completed = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile boolean woken;
    private volatile Thread thread;
    // Loop thread only: results a database outage kept from being written, whether the last claim came back
    // short, and when it ran.
    private final List<DeliveryResult> unwritten = new ArrayList<>();
    private boolean drained;
    private long lastClaimNanos;

    public WebhookDispatcherWorker(WebhookDispatcher dispatcher, WebhookConfig config, DatabaseAvailability database) {
        this.dispatcher = dispatcher;
        this.config = config;
        this.database = database;
    }

    void onStart(@Observes StartupEvent start) {
        if (!config.dispatcher().enabled()) {
            LOG.info("Webhook dispatcher disabled (dialgate.webhook.dispatcher.enabled=false)");
            return;
        }
        start();
        LOG.infof("Webhook dispatcher started as replica %s", dispatcher.replica());
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (thread != null) {
            stop();
            LOG.info("Webhook dispatcher stopped");
        }
    }

    /** Wakes the loop after a commit that may have queued deliveries, so they go out without waiting for the idle sleep. */
    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventAppended appended) {
        woken = true;
        wake();
    }

    /** Starts the loop thread. */
    void start() {
        running = true;
        Thread t = new Thread(this::loop, "webhook-dispatcher");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops claiming and returns once the attempts in flight are recorded (or the request timeout and a second passed). */
    void stop() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        running = false;
        LockSupport.unpark(t);
        try {
            t.join(config.timeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    /** Attempts started and not yet finished. */
    int inFlight() {
        return inFlight.get();
    }

    private void loop() {
        long idleNanos = config.dispatcher().idleSleep().toNanos();
        while (running) {
            try {
                if (step() == 0) {
                    LockSupport.parkNanos(this, inFlight.get() > 0 ? LINGER_NANOS : idleNanos);
                } else if (inFlight.get() > 0) {
                    LockSupport.parkNanos(this, LINGER_NANOS);
                }
            } catch (Throwable t) {
                if (!database.absorb(t)) {
                    LOG.error("Webhook dispatcher round failed; retrying after the idle sleep", t);
                }
                LockSupport.parkNanos(this, idleNanos);
            }
        }
        drain(System.nanoTime() + config.timeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(500));
        try {
            dispatcher.leave();
        } catch (RuntimeException e) {
            LOG.debug("Could not remove this replica's dispatcher heartbeat; it expires by itself", e);
        }
    }

    /**
     * One pass of the pipeline: records the results that came in, then claims and starts as many due
     * deliveries as there is room for. Returns how many results it recorded plus how many it claimed.
     */
    int step() {
        dispatcher.keepClaimsAlive();
        int recorded = recordCompleted();
        int limit = Math.min(config.dispatcher().batchSize(), config.dispatcher().concurrency() - inFlight.get());
        boolean due = !drained || recorded > 0 || woken
                || System.nanoTime() - lastClaimNanos >= config.dispatcher().idleSleep().toNanos();
        // Waiting for a quarter of a batch of room keeps claims large while a backlog drains; with nothing in
        // flight any room will do, so a single event goes out at once.
        if (!due || limit <= 0 || (limit < minimumClaim() && inFlight.get() > 0)) {
            return recorded;
        }
        woken = false;
        lastClaimNanos = System.nanoTime();
        List<DeliveryJob> jobs = dispatcher.claim(limit);
        drained = jobs.size() < limit;
        for (DeliveryJob job : jobs) {
            inFlight.incrementAndGet();
            dispatcher.start(job, this::completed).whenComplete((ignored, failure) -> {
                if (inFlight.decrementAndGet() == 0) {
                    wake();
                }
            });
        }
        return recorded + jobs.size();
    }

    private int minimumClaim() {
        return Math.max(1, config.dispatcher().batchSize() / 4);
    }

    private void completed(DeliveryResult result) {
        completed.add(result);
        if (waiting.incrementAndGet() == Math.max(1, config.dispatcher().batchSize() / 2)) {
            wake();
        }
    }

    private void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Writes back the results that came in, after any a database outage kept from being written before. */
    private int recordCompleted() {
        List<DeliveryResult> round = new ArrayList<>(unwritten);
        unwritten.clear();
        for (DeliveryResult r = completed.poll(); r != null; r = completed.poll()) {
            round.add(r);
            waiting.decrementAndGet();
        }
        if (round.isEmpty()) {
            return 0;
        }
        if (!dispatcher.record(round)) {
            unwritten.addAll(round);
            return 0;
        }
        return round.size();
    }

    /** Waits until nothing is in flight or the deadline passes, recording results as they come in. */
    private void drain(long deadlineNanos) {
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadlineNanos) {
                recordCompleted();
                LockSupport.parkNanos(this, Math.min(LINGER_NANOS * 10, Math.max(0, deadlineNanos - System.nanoTime())));
            }
            recordCompleted();
            if (!unwritten.isEmpty()) {
                LOG.warnf("Webhook dispatcher stopped with %d results it could not write (database unreachable); another "
                        + "replica sends them again within dialgate.webhook.dispatcher.orphaned-after", unwritten.size());
            }
            if (inFlight.get() > 0) {
                LOG.warnf("Webhook dispatcher stopped with %d attempts in flight; another replica sends them again within dialgate.webhook.dispatcher.orphaned-after",
                        inFlight.get());
            }
        } catch (Throwable t) {
            if (database.absorb(t)) {
                LOG.warn("Webhook dispatcher could not record its last results (database unreachable); another replica sends them again within dialgate.webhook.dispatcher.orphaned-after");
                return;
            }
            LOG.error("Webhook dispatcher could not record its last results; another replica sends them again within dialgate.webhook.dispatcher.orphaned-after", t);
        }
    }
}
