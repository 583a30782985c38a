package io.dialgate.gateway.common;

import io.dialgate.gateway.database.DatabaseAvailability;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * A daemon thread that runs one round of a worker every interval until stopped: every Throwable is logged
 * (a database outage only through {@link DatabaseAvailability}) and the loop goes on. For housekeeping whose
 * rounds are short and whose timing is loose, such as retention.
 */
public final class BackgroundLoop {

    private static final Logger LOG = Logger.getLogger(BackgroundLoop.class);

    private final String name;
    private final Runnable round;
    private final Duration interval;
    private final DatabaseAvailability database;
    private volatile boolean running;
    private volatile Thread thread;

    public BackgroundLoop(String name, Runnable round, Duration interval, DatabaseAvailability database) {
        this.name = name;
        this.round = round;
        this.interval = interval;
        this.database = database;
    }

    /** Runs {@code batch} until it handles fewer than {@code batchSize} items (a purge in short transactions); returns the total. */
    public static int untilShort(java.util.function.IntSupplier batch, int batchSize) {
        int total = 0;
        int done;
        do {
            done = batch.getAsInt();
            total += done;
        } while (done == batchSize);
        return total;
    }

    public void start() {
        running = true;
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void loop() {
        while (running) {
            try {
                round.run();
            } catch (Throwable t) {
                if (!database.absorb(t)) {
                    LOG.errorf(t, "A round of %s failed; retrying in %s", name, interval);
                }
            }
            LockSupport.parkNanos(this, interval.toNanos());
        }
    }
}
