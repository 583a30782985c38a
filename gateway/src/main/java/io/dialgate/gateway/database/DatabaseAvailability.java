package io.dialgate.gateway.database;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Whether PostgreSQL can be reached, as this replica sees it. The first failure that shows the database
 * is gone (a refused or broken connection, a server shutting down, no connection from the pool in time)
 * switches to "down": one WARN line, then a reminder at most every {@code reminderInterval}, never a
 * stack trace per request or per poll. While down, a probe checks once a second; when it gets a valid
 * connection the state switches back with one INFO line and everything that waited is resumed.
 *
 * <p>Callers hand failures to {@link #absorb(Throwable)}: it says whether the failure was the outage (and
 * then it has been reported), so the caller logs only what is really its own.
 *
 * <p>In the first seconds after the database is back, failures of work that began while it was away still
 * arrive: a request that waited for a connection, a pooled connection the outage broke. Such a failure is
 * checked with a probe before it is reported as a new outage, so one outage is one WARN and one INFO line.
 */
@ApplicationScoped
public class DatabaseAvailability {

    private static final Logger LOG = Logger.getLogger(DatabaseAvailability.class);
    /** PostgreSQL SQLSTATEs of a server that is going away or not accepting connections yet. */
    private static final List<String> SERVER_GOING_AWAY = List.of("57P01", "57P02", "57P03");
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration REMINDER_INTERVAL = Duration.ofSeconds(30);
    /**
     * How long after a recovery a failure may still belong to work that began during the outage: longer than
     * a connection acquisition time-out (5 s by default) plus a statement on a connection that broke.
     */
    private static final Duration AFTER_RECOVERY = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean confirming = new AtomicBoolean();
    private final AtomicLong failedSinceReminder = new AtomicLong();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "database-availability-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant downSince;
    private volatile Instant lastReminder;
    private volatile Instant availableAgainAt;

    public DatabaseAvailability(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * True when {@code failure}, a cause or a suppressed exception shows that the database cannot be reached.
     * Suppressed ones count: the transaction manager reports a failed commit as a {@code RollbackException}
     * whose driver error is only attached as suppressed.
     */
    public static boolean isOutage(Throwable failure) {
        java.util.Deque<Throwable> pending = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        pending.add(failure);
        while (!pending.isEmpty() && seen.size() < 32) {
            Throwable t = pending.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (isOutageItself(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(java.util.List.of(t.getSuppressed()));
        }
        return false;
    }

    private static boolean isOutageItself(Throwable t) {
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("08") || SERVER_GOING_AWAY.contains(state))) {
                return true;
            }
            // Agroal's "Acquisition timeout while waiting for new connection": the pool got none in time.
            if (String.valueOf(sql.getMessage()).contains("Acquisition timeout")) {
                return true;
            }
        }
        return t instanceof java.net.ConnectException || t.getClass().getName().endsWith("JDBCConnectionException");
    }

    /** Whether the database is known to be down now. */
    public boolean isDown() {
        return down.get();
    }

    /** Since when the database has been down, if it is. */
    public java.util.Optional<Instant> downSince() {
        Instant since = downSince;
        return down.get() && since != null ? java.util.Optional.of(since) : java.util.Optional.empty();
    }

    /**
     * Reports {@code failure} if it is an outage and returns true; returns false (and reports nothing) for
     * any other failure, which the caller should log itself.
     */
    public boolean absorb(Throwable failure) {
        if (!isOutage(failure)) {
            return false;
        }
        Instant now = clock.instant();
        // Read once: had the probe seen the database back in between, a second read would open a new outage
        // without the check below.
        boolean wasDown = down.get();
        if (!wasDown && justRecovered(now)) {
            if (confirming.compareAndSet(false, true) && !onProbe(() -> confirmOutage(failure), 0)) {
                confirming.set(false);
            }
            return true;
        }
        if (!wasDown && markDown(failure, now)) {
            return true;
        }
        long failed = failedSinceReminder.incrementAndGet();
        Instant last = lastReminder;
        if (last != null && Duration.between(last, now).compareTo(REMINDER_INTERVAL) >= 0) {
            lastReminder = now;
            failedSinceReminder.set(0);
            LOG.warnf("Database still unreachable after %d s (%d operations failed since the last report)",
                    Duration.between(downSince, now).toSeconds(), failed);
        }
        return true;
    }

    private boolean justRecovered(Instant now) {
        Instant since = availableAgainAt;
        return since != null && Duration.between(since, now).compareTo(AFTER_RECOVERY) < 0;
    }

    /** Switches to "down" with its one WARN line and starts probing; false when it already was down. */
    private boolean markDown(Throwable failure, Instant now) {
        if (!down.compareAndSet(false, true)) {
            return false;
        }
        downSince = now;
        lastReminder = now;
        failedSinceReminder.set(0);
        LOG.warnf("Database unreachable (%s); the API answers 503 and background work waits until it returns",
                summary(failure));
        onProbe(this::probeOnce, PROBE_INTERVAL.toMillis());
        return true;
    }

    /** False when the probe has been shut down with the application: there is nothing left to resume. */
    private boolean onProbe(Runnable task, long delayMillis) {
        try {
            probe.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return false;
        }
    }

    /** Runs on the probe's thread: a failure soon after a recovery is an outage only if the database is away now. */
    private void confirmOutage(Throwable failure) {
        try {
            if (connectionIsValid()) {
                LOG.debugf("A database failure from before the database came back (%s); it is available", summary(failure));
            } else {
                markDown(failure, clock.instant());
            }
        } finally {
            confirming.set(false);
        }
    }

    /**
     * Runs {@code resume} once the database is available: at once when it is not known to be down, else
     * on the probe's thread when the probe finds it back (keep it short; hand real work elsewhere).
     */
    public void whenAvailable(Runnable resume) {
        if (!down.get()) {
            resume.run();
            return;
        }
        waiting.add(resume);
        if (!down.get()) {
            drainWaiting();
        }
    }

    private void probeOnce() {
        if (!down.get()) {
            return;
        }
        if (connectionIsValid()) {
            availableAgainAt = clock.instant();
            down.set(false);
            LOG.infof("Database available again after %d s; resuming", Duration.between(downSince, availableAgainAt).toSeconds());
            drainWaiting();
            return;
        }
        onProbe(this::probeOnce, PROBE_INTERVAL.toMillis());
    }

    private boolean connectionIsValid() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException stillDown) {
            // The reminder in absorb() keeps the log informed; nothing more to say here.
            return false;
        }
    }

    private void drainWaiting() {
        Runnable next;
        while ((next = waiting.poll()) != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "A task waiting for the database failed to resume");
            }
        }
    }

    private static String summary(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException) {
                deepest = t;
            }
        }
        String message = String.valueOf(deepest.getMessage());
        // Connection errors can quote the JDBC URL; keep only the first line, never credentials.
        message = message.lines().findFirst().orElse("").replaceAll("://[^@/\\s]*@", "://***@");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    void onStop(@Observes ShutdownEvent event) {
        probe.shutdownNow();
    }
}
