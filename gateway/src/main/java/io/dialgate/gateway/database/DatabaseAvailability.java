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
 */
@ApplicationScoped
public class DatabaseAvailability {

    private static final Logger LOG = Logger.getLogger(DatabaseAvailability.class);
    /** PostgreSQL SQLSTATEs of a server that is going away or not accepting connections yet. */
    private static final List<String> SERVER_GOING_AWAY = List.of("57P01", "57P02", "57P03");
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration REMINDER_INTERVAL = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong failedSinceReminder = new AtomicLong();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "database-availability-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant downSince;
    private volatile Instant lastReminder;

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

    /**
     * Reports {@code failure} if it is an outage and returns true; returns false (and reports nothing) for
     * any other failure, which the caller should log itself.
     */
    public boolean absorb(Throwable failure) {
        if (!isOutage(failure)) {
            return false;
        }
        Instant now = clock.instant();
        if (down.compareAndSet(false, true)) {
            downSince = now;
            lastReminder = now;
            failedSinceReminder.set(0);
            LOG.warnf("Database unreachable (%s); the API answers 503 and background work waits until it returns",
                    summary(failure));
            probe.schedule(this::probeOnce, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
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
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                down.set(false);
                LOG.infof("Database available again after %d s; resuming", Duration.between(downSince, clock.instant()).toSeconds());
                drainWaiting();
                return;
            }
        } catch (SQLException | RuntimeException stillDown) {
            // The reminder in absorb() keeps the log informed; nothing more to say here.
        }
        probe.schedule(this::probeOnce, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
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
