package io.dialgate.gateway.launch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL server (zonky binaries from Maven Central) with a persistent data
 * directory, so that a one-machine run needs no installed database and loses nothing on restart.
 * Used by the gateway when no database URL is configured and by the test suites.
 */
public final class EmbeddedDatabase {

    /** The superuser zonky's {@code initdb} creates. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final DataDirectoryOwnership ownership;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean applicationStarted;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryOwnership ownership) {
        this.postgres = postgres;
        this.ownership = ownership;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its files in {@code dataDir}, creating the
     * directory on first use and reusing it afterwards.
     */
    public static EmbeddedDatabase start(Path dataDir) {
        return start(dataDir, true);
    }

    private static EmbeddedDatabase start(Path dataDir, boolean durable) {
        Preflight.checkWritable(dataDir);
        DataDirectoryOwnership ownership = DataDirectoryOwnership.acquire(dataDir);
        ownership.stopLeftoverServer().ifPresent(pid -> System.err.println("dialgate-gateway: stopped PostgreSQL (pid " + pid
                + ") left running in " + dataDir + " by a gateway that did not shut down; starting a new one"));
        // zonky narrates initdb and the server log at INFO; that belongs in a file, not the console.
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(
                dataDir.resolveSibling("postgres.log").toFile());
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Our own shutdown order stops a durable server (after the poll leases are released);
                    // zonky's hook would stop it concurrently with the application's shutdown.
                    .setRegisterShutdownHook(!durable)
                    .setOutputRedirector(serverLog)
                    .setErrorRedirector(serverLog)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    // zonky tunes for throw-away test databases (-F, synchronous_commit=off);
                    // this one keeps real data, so a crash must not lose committed work.
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .start();
            return new EmbeddedDatabase(postgres, ownership);
        } catch (IOException | RuntimeException e) {
            ownership.release();
            throw new LaunchProblem("the embedded PostgreSQL did not start in " + dataDir + " (" + e.getMessage()
                    + "); remove that directory if it is not a PostgreSQL data directory, or set DIALGATE_DB_URL.");
        }
    }

    /** Starts a throw-away, non-durable instance in a fresh temporary directory (tests). */
    public static EmbeddedDatabase startTemporary() throws IOException {
        return start(Files.createTempDirectory("dialgate-pg-").resolve("postgres"), false);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /** Stops the server once; later calls return at once. */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("dialgate-gateway: embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        } finally {
            ownership.release();
            stopped.countDown();
        }
    }

    /** Marks that the application started on this database, so it is the one to stop it. */
    public void applicationStarted() {
        applicationStarted = true;
    }

    public boolean isApplicationStarted() {
        return applicationStarted;
    }

    /** Waits until {@link #stop()} has run, at most {@code limit}; true when it has. */
    public boolean awaitStopped(Duration limit) {
        try {
            return stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
