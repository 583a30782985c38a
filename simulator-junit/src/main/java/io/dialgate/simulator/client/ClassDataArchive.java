package io.dialgate.simulator.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive of the simulator's classes, kept in a cache folder: the first simulator started
 * for a given jar and JVM records the classes it loaded when it exits ({@code -XX:ArchiveClassesAtExit}); later
 * starts map that archive ({@code -XX:SharedArchiveFile}) and skip most class loading and verification, about a
 * quarter of a start's CPU.
 *
 * <p>Written here because the JDK's dynamic archives need a caller to decide where they live and when they are
 * safe: an archive cut short crashes the JVM that maps it, so a recording only becomes the archive once its process
 * exited by itself and a throw-away JVM has mapped it with {@code -Xshare:on}. Several recorders at once are harmless:
 * each writes its own file and the archive is replaced in one atomic move.
 *
 * <p>Off with the system property {@code dialgate.simulator.class-data-sharing=false}, or when the JVM options
 * given already choose a class-data-sharing setting.
 */
final class ClassDataArchive {

    static final String SWITCH = "dialgate.simulator.class-data-sharing";
    private static final String QUIET = "-Xlog:cds*=error,class+path=error";

    private final Path jar;
    private final Path archive;
    private final Path recording;
    private final boolean enabled;
    private volatile boolean mapped;
    private volatile boolean recordingAtExit;

    private ClassDataArchive(Path jar, Path archive, Path recording, boolean enabled) {
        this.jar = jar;
        this.archive = archive;
        this.recording = recording;
        this.enabled = enabled;
    }

    /** The archive for {@code jar} on this JVM, kept under {@code cacheRoot}. */
    static ClassDataArchive of(Path jar, Path cacheRoot, List<String> jvmOptions) {
        boolean enabled = !"false".equalsIgnoreCase(System.getProperty(SWITCH, "true"))
                && jvmOptions.stream().noneMatch(o -> o.startsWith("-Xshare") || o.contains("SharedArchiveFile")
                        || o.contains("ArchiveClassesAtExit"));
        Path archive = cacheRoot.resolve("dialgate-simulator-cds-" + key(jar) + ".jsa");
        Path recording = cacheRoot.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".recording");
        return new ClassDataArchive(jar, archive, recording, enabled);
    }

    /** The options that map the archive, or record one when there is none yet; none when switched off. */
    List<String> jvmOptions() {
        if (!enabled) {
            return List.of();
        }
        if (Files.isRegularFile(archive)) {
            mapped = true;
            return List.of("-XX:SharedArchiveFile=" + archive, QUIET);
        }
        try {
            Files.createDirectories(archive.getParent());
        } catch (IOException e) {
            return List.of();
        }
        recordingAtExit = true;
        return List.of("-XX:ArchiveClassesAtExit=" + recording, QUIET);
    }

    /** Whether the options {@link #jvmOptions()} gave map an existing archive. */
    boolean isMapped() {
        return mapped;
    }

    /** Whether the process records an archive when it exits (which makes its exit slower). */
    boolean isRecording() {
        return recordingAtExit;
    }

    Path archive() {
        return archive;
    }

    Path recording() {
        return recording;
    }

    /**
     * After the process ended: a recording from a process that exited by itself becomes the archive if a JVM can
     * map it; anything else is discarded.
     */
    void afterExit(boolean exitedByItself) {
        if (!enabled || !Files.isRegularFile(recording)) {
            return;
        }
        try {
            if (exitedByItself && mapsCleanly(recording)) {
                Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The archive only saves time; without it the next start records again.
        } finally {
            try {
                Files.deleteIfExists(recording);
            } catch (IOException e) {
                // A stray recording in the temporary folder is harmless.
            }
        }
    }

    private boolean mapsCleanly(Path candidate) {
        try {
            Process check = new ProcessBuilder(javaBinary(), "-XX:SharedArchiveFile=" + candidate, "-Xshare:on", QUIET,
                    "-cp", jar.toString(), "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** An archive fits one jar (path, size and time) on one JVM build; any change gives a new key. */
    private static String key(Path jar) {
        String identity;
        try {
            identity = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            identity = jar.toAbsolutePath().toString();
        }
        identity += "|" + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
