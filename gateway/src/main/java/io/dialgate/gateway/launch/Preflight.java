package io.dialgate.gateway.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Checks the conditions a person must fix before the gateway can run, and provides the embedded
 * database when none is configured. Each failure is a {@link LaunchProblem} with a one-line fix.
 */
public final class Preflight {

    /**
     * Shortest operator token accepted in production: 32 characters of base64 carry 192 bits, far out of
     * reach of guessing over the network. The token opens every tenant's data.
     */
    static final int MIN_ADMIN_TOKEN_LENGTH = 32;

    /** How long the JVM hook lets the application finish its shutdown before stopping the database itself. */
    private static final Duration APPLICATION_STOP_GRACE = Duration.ofSeconds(45);
    private static volatile EmbeddedDatabase ownDatabase;

    /** System property set once this JVM started the embedded database. */
    public static final String EMBEDDED_STARTED = "dialgate.db.embedded-started";

    private Preflight() {
    }

    /** Runs every check and, if needed, starts the embedded database (exporting its URL as system properties). */
    public static void prepare(LaunchSettings settings) {
        if (!settings.cryptoKeysConfigured()) {
            if (settings.production()) {
                throw new LaunchProblem("DIALGATE_CRYPTO_KEYS is not set: access tokens must be encrypted with a key you keep."
                        + " Generate one with: echo \"k1:$(head -c 32 /dev/urandom | base64)\" (the launcher does this for you).");
            }
            // Dev mode must start with no settings at all; a key kept beside the dev database is enough there.
            System.setProperty("dialgate.crypto.keys", ThrowAwayKey.ensure(settings.dataDir()));
            System.out.println("dialgate-gateway: dev mode: DIALGATE_CRYPTO_KEYS is not set, so tokens are sealed with a"
                    + " THROW-AWAY key kept in " + settings.dataDir().resolve(ThrowAwayKey.FILE_NAME)
                    + "; never use this for real tokens.");
        }
        checkAdminToken(settings);
        checkPortFree(settings.httpHost(), settings.httpPort(), "QUARKUS_HTTP_PORT");
        if (settings.production()) {
            // The packaged jar serves health and metrics on the management interface (prod profile).
            checkPortFree(settings.managementHost(), settings.managementPort(), "QUARKUS_MANAGEMENT_PORT");
        }
        if (settings.databaseUrl().isPresent()) {
            checkDatabaseReachable(settings);
            return;
        }
        if (!settings.embeddedAllowed()) {
            throw new LaunchProblem("no database configured: set DIALGATE_DB_URL (with DIALGATE_DB_USER and DIALGATE_DB_PASSWORD)."
                    + " This build does not keep data in an embedded database (DIALGATE_DB_EMBEDDED=false).");
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(settings.dataDir().resolve("postgres"));
        System.setProperty("dialgate.db.url", database.jdbcUrl());
        System.setProperty("dialgate.db.user", EmbeddedDatabase.USER);
        System.setProperty("dialgate.db.password", database.password());
        ownDatabase = database;
        // Outlives a dev-mode live reload, which loads this class afresh.
        System.setProperty(EMBEDDED_STARTED, "true");
        // Normally EmbeddedDatabaseShutdown stops it as the application's very last shutdown step, after
        // the poll leases are released. The JVM runs its shutdown hooks concurrently with Quarkus's own,
        // so this hook only gives that step time, and stops the server itself if Quarkus never got there.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (database.isApplicationStarted()) {
                database.awaitStopped(APPLICATION_STOP_GRACE);
            }
            database.stop();
        }, "embedded-postgres-stop"));
    }

    /** The embedded database this process started, if it started one. */
    public static Optional<EmbeddedDatabase> ownDatabase() {
        return Optional.ofNullable(ownDatabase);
    }

    /** Refuses a short operator token outside dev and test; unset is fine (the operator API is then off). */
    static void checkAdminToken(LaunchSettings settings) {
        int length = settings.adminToken().map(String::length).orElse(MIN_ADMIN_TOKEN_LENGTH);
        if (settings.production() && length < MIN_ADMIN_TOKEN_LENGTH) {
            throw new LaunchProblem("DIALGATE_ADMIN_TOKEN has " + length + " characters; set it to at least "
                    + MIN_ADMIN_TOKEN_LENGTH + ", e.g. $(head -c 32 /dev/urandom | base64), or unset it to turn the operator API off.");
        }
    }

    static void checkPortFree(String host, int port, String setting) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new LaunchProblem("port " + port + " on " + host + " is not available (" + e.getMessage()
                    + "); stop what uses it or set " + setting + " to a free port.");
        }
    }

    static void checkDatabaseReachable(LaunchSettings settings) {
        String url = settings.databaseUrl().orElseThrow();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new LaunchProblem("DIALGATE_DB_URL '" + redact(url) + "' is not a PostgreSQL JDBC URL;"
                    + " use the form jdbc:postgresql://host:5432/dialgate.");
        }
        Properties properties = new Properties();
        properties.setProperty("user", settings.databaseUser());
        properties.setProperty("password", settings.databasePassword());
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "10");
        try (Connection ignored = DriverManager.getConnection(url, properties)) {
            // reachable and the credentials work
        } catch (SQLException e) {
            throw new LaunchProblem("cannot connect to the database at " + redact(url) + ": " + firstLine(e.getMessage())
                    + ". Check DIALGATE_DB_URL, DIALGATE_DB_USER and DIALGATE_DB_PASSWORD, or unset DIALGATE_DB_URL to use the embedded database.");
        }
    }

    static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new LaunchProblem("data directory " + dir + " is not writable (" + e.getClass().getSimpleName()
                    + "); set DIALGATE_DATA_DIR to a directory this user can write.");
        }
    }

    /** Drops the query string and any user-info from a JDBC URL: both may carry a password. */
    static String redact(String url) {
        String withoutQuery = url.replaceAll("\\?.*$", "");
        return withoutQuery.replaceAll("//[^/@]*@", "//***@");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
