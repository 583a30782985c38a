package io.dialgate.gateway.launch;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL server (zonky binaries from Maven Central) with a persistent data
 * directory, so that a one-machine run needs no installed database and loses nothing on restart.
 * Used by the gateway when no database URL is configured and by the test suites.
 *
 * <p>Other users of the machine are kept out ({@link EmbeddedDatabaseAccess}): logins need the password
 * in {@code <dataDir>.password}, the server listens on 127.0.0.1 only and opens no Unix socket, and the
 * data folder, the password and the server log ({@code postgres.log} beside the data directory) are
 * readable by this user alone.
 */
public final class EmbeddedDatabase {

    /** The superuser zonky's {@code initdb} creates. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final DataDirectoryOwnership ownership;
    private final String password;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean applicationStarted;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryOwnership ownership, String password) {
        this.postgres = postgres;
        this.ownership = ownership;
        this.password = password;
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
        Path root = dataDir.toAbsolutePath().getParent();
        DataDirectoryOwnership ownership = DataDirectoryOwnership.acquire(dataDir);
        ownership.stopLeftoverServer().ifPresent(pid -> System.err.println("dialgate-gateway: stopped PostgreSQL (pid " + pid
                + ") left running in " + dataDir + " by a gateway that did not shut down; starting a new one"));
        // zonky narrates initdb and the server log at INFO; that belongs in a file, not the console.
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        Path passwordFile = root.resolve(dataDir.getFileName() + ".password");
        Path logFile = root.resolve("postgres.log");
        // zonky's default binary folder is shared by every user of the machine (/tmp/embedded-pg, world
        // writable): another user could put a server there that this one would run. Ours lives in the
        // private data folder.
        Path binaries = root.resolve("postgres-binaries");
        try {
            PrivateFiles.restrictDirectory(root);
        } catch (IOException e) {
            ownership.release();
            throw new LaunchProblem("cannot make the data directory " + root + " private to this user (" + e.getMessage()
                    + "); run chmod 700 on it, or set DIALGATE_DATA_DIR to a directory this user owns.");
        }
        try {
            boolean initialised = Files.exists(dataDir.resolve("postgresql.conf"));
            boolean newPassword = !Files.exists(passwordFile);
            String password = EmbeddedDatabaseAccess.password(passwordFile);
            // pg_ctl appends the server's output to this file; PostgreSQL's log_file_mode covers only the
            // files of its own logging collector, which is off.
            PrivateFiles.ensureFile(logFile);
            ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(logFile.toFile());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPgBinaryResolver(new FreshResolver())
                    // zonky passes these "locale" options on to initdb: a new cluster starts with the password.
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(dir -> secure(dir.toPath(), binaries, password, initialised && newPassword))
                    // Our own shutdown order stops a durable server (after the poll leases are released);
                    // zonky's hook would stop it concurrently with the application's shutdown.
                    .setRegisterShutdownHook(!durable)
                    .setOutputRedirector(serverLog)
                    .setErrorRedirector(serverLog)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("log_file_mode", "0600")
                    .setServerConfig("max_connections", "200")
                    // zonky tunes for throw-away test databases (-F, synchronous_commit=off);
                    // this one keeps real data, so a crash must not lose committed work.
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .start();
            // zonky makes its working folder world-writable, as befits a shared /tmp/embedded-pg; ours is not shared.
            PrivateFiles.restrictDirectory(binaries);
            return new EmbeddedDatabase(postgres, ownership, password);
        } catch (LaunchProblem problem) {
            ownership.release();
            throw problem;
        } catch (IOException | RuntimeException e) {
            ownership.release();
            Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            if (cause instanceof LaunchProblem problem) {
                throw problem;
            }
            throw new LaunchProblem("the embedded PostgreSQL did not start in " + dataDir + " (" + cause.getMessage()
                    + "); remove that directory if it is not a PostgreSQL data directory, or set DIALGATE_DB_URL.");
        }
    }

    /**
     * A new resolver object for every start: zonky remembers the folder it unpacked into per resolver
     * object and would otherwise run binaries from another data folder (an earlier start in this JVM).
     * A lambda will not do: one without captures is a single shared instance.
     */
    private static final class FreshResolver implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String architecture) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
        }
    }

    private static void secure(Path dataDir, Path binaries, String password, boolean newPassword) {
        try {
            EmbeddedDatabaseAccess.secure(dataDir, binaries, password, newPassword);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a throw-away, non-durable instance in a fresh temporary directory (tests). */
    public static EmbeddedDatabase startTemporary() throws IOException {
        return start(Files.createTempDirectory("dialgate-pg-").resolve("postgres"), false);
    }

    /** The URL without credentials: log in as {@link #USER} with {@link #password()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /** The superuser's password, kept in {@code <dataDir>.password}; never print it. */
    public String password() {
        return password;
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
