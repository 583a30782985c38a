package io.dialgate.gateway.launch;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Who may log in to the embedded PostgreSQL: only a client that knows the password kept in a 0600 file
 * beside the data directory, over loopback TCP. Any local user can reach a loopback port, so without a
 * password every local account would be the database superuser (and could read or forge API keys).
 *
 * <p>New data directories get the password from {@code initdb}. A data directory made by an earlier
 * gateway, which trusted every local login, is upgraded before its server starts: the password is set in
 * PostgreSQL's single-user mode (no network, no socket, so there is no moment in which the server
 * accepts a login without it) and then {@code pg_hba.conf} is rewritten. The same step sets a fresh
 * password when the password file was lost.
 */
final class EmbeddedDatabaseAccess {

    /** Rewritten at every start, so a hand edit that loosens it does not survive a restart. */
    static final String HBA = """
            # Written by the Dialgate gateway at every start: edits here are replaced.
            # Password (SCRAM) logins over loopback TCP only; the server opens no Unix socket.
            host all all 127.0.0.1/32 scram-sha-256
            """;

    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_-]{32,}");
    private static final Pattern TRUST = Pattern.compile("(?m)^\\s*[^#\\s].*\\btrust\\b");

    private EmbeddedDatabaseAccess() {
    }

    /**
     * The password in {@code file}, created (32 random bytes, base64url, mode 0600) on first use and read
     * back afterwards; an existing file is set to 0600 in case it was loosened.
     */
    static String password(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            PrivateFiles.write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
        }
        PrivateFiles.ensureFile(file);
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!PASSWORD.matcher(password).matches()) {
            throw new LaunchProblem(file + " does not hold a password this gateway wrote;"
                    + " delete it and start again to make a new one.");
        }
        return password;
    }

    /**
     * Makes an initialised data directory require the password, before its server starts. Sets the
     * password in single-user mode when {@code pg_hba.conf} still trusts some login or when the password
     * is new for this directory, then writes {@link #HBA}.
     *
     * @param dataDir      the PostgreSQL data directory
     * @param binaries     zonky's working directory, holding the unpacked PostgreSQL binaries
     * @param newPassword  whether the password file was created by this start
     */
    static void secure(Path dataDir, Path binaries, String password, boolean newPassword) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        String current = Files.exists(hba) ? Files.readString(hba, StandardCharsets.UTF_8) : "";
        if (newPassword || TRUST.matcher(current).find()) {
            setPasswordInSingleUserMode(dataDir, postgresBinary(binaries), password);
        }
        if (!current.equals(HBA)) {
            PrivateFiles.write(hba, HBA);
        }
        PrivateFiles.ensureFile(hba);
        PrivateFiles.restrictDirectory(dataDir);
    }

    private static void setPasswordInSingleUserMode(Path dataDir, Path postgres, String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // PostgreSQL refuses to run as root; zonky runs its own commands the same way.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgres.toString(), "--single", "-D", dataDir.toString(),
                "-c", "listen_addresses=", "-c", "unix_socket_directories=",
                "-c", "password_encryption=scram-sha-256",
                // A failing statement would otherwise be echoed to the output, password included.
                "-c", "log_min_error_statement=panic",
                "postgres"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // The password goes through stdin, never the command line (which every local user can read).
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(("ALTER ROLE " + EmbeddedDatabase.USER + " WITH PASSWORD '" + password + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace(password, "***");
        boolean exited;
        try {
            exited = process.waitFor(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while setting the database password");
        }
        if (!exited || process.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            process.destroyForcibly();
            throw new LaunchProblem("could not set the password of the embedded PostgreSQL in " + dataDir + " ("
                    + firstProblem(output) + "); stop any PostgreSQL using that directory and start again.");
        }
    }

    /**
     * zonky unpacks the binaries into {@code PG-<digest>} under its working directory and marks a
     * complete unpacking with {@code .exists}; the newest complete one is the one it just used.
     */
    private static Path postgresBinary(Path binaries) throws IOException {
        try (Stream<Path> unpacked = Files.list(binaries)) {
            return unpacked.filter(dir -> dir.getFileName().toString().startsWith("PG-"))
                    .filter(dir -> Files.exists(dir.resolve(".exists")) && Files.isExecutable(dir.resolve("bin/postgres")))
                    .max(Comparator.comparing(EmbeddedDatabaseAccess::modified))
                    .map(dir -> dir.resolve("bin/postgres"))
                    .orElseThrow(() -> new IOException("no unpacked PostgreSQL binaries in " + binaries));
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String firstProblem(String output) {
        return output.lines().filter(line -> line.contains("ERROR") || line.contains("FATAL")).findFirst()
                .orElse("no message").strip();
    }
}
