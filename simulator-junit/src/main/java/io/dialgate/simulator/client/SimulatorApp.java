package io.dialgate.simulator.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds the packaged simulator to run: the jar named by the system property {@code dialgate.simulator.jar}
 * or the environment variable {@code DIALGATE_SIMULATOR_JAR} when set, otherwise the copy this kit's jar
 * carries, unpacked once per version into {@code <java.io.tmpdir>/dialgate-simulator-<version>-<hash>}.
 */
public final class SimulatorApp {

    static final String ZIP = "META-INF/dialgate/simulator-app.zip";
    static final String INFO = "META-INF/dialgate/simulator-app.properties";

    private SimulatorApp() {
    }

    /** The simulator's {@code quarkus-run.jar}, ready for {@code java -jar}. */
    public static Path locate() {
        String configured = System.getProperty("dialgate.simulator.jar", System.getenv("DIALGATE_SIMULATOR_JAR"));
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("dialgate.simulator.jar (or DIALGATE_SIMULATOR_JAR) names " + jar.toAbsolutePath()
                        + ", which is not a file: unset it to use the simulator this kit carries");
            }
            return jar;
        }
        return unpackBundled(Path.of(System.getProperty("java.io.tmpdir")));
    }

    static Path unpackBundled(Path cacheRoot) {
        Properties info = new Properties();
        try (InputStream in = SimulatorApp.class.getClassLoader().getResourceAsStream(INFO)) {
            if (in == null) {
                throw new IllegalStateException("this dialgate-simulator-junit jar carries no simulator (" + INFO
                        + " missing): set dialgate.simulator.jar to a simulator's quarkus-run.jar");
            }
            info.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String hash = info.getProperty("sha256", "unknown");
        Path target = cacheRoot.resolve("dialgate-simulator-" + info.getProperty("version", "unknown") + "-"
                + hash.substring(0, Math.min(12, hash.length())));
        Path jar = target.resolve("quarkus-run.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        try {
            Files.createDirectories(cacheRoot);
            // Unpacked beside the target and moved in one step, so a second JVM unpacking at the same time
            // never runs a half-written copy: whichever move comes second finds the target present.
            Path staging = Files.createTempDirectory(cacheRoot, "dialgate-simulator-unpack-");
            unzip(staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another JVM moved its copy in first (the exception's type varies by file system): use that one.
                deleteTree(staging);
                if (!Files.isRegularFile(jar)) {
                    throw e;
                }
            }
            removeStaleCopies(cacheRoot, target);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the simulator into " + target, e);
        }
    }

    private static void unzip(Path into) throws IOException {
        try (InputStream raw = SimulatorApp.class.getClassLoader().getResourceAsStream(ZIP)) {
            if (raw == null) {
                throw new IllegalStateException(ZIP + " missing from the dialgate-simulator-junit jar");
            }
            try (ZipInputStream zip = new ZipInputStream(raw)) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    Path out = into.resolve(entry.getName()).normalize();
                    if (!out.startsWith(into)) {
                        throw new IOException("zip entry outside its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /**
     * Every rebuild of a snapshot carries a new hash, so old copies would pile up in the temporary folder.
     * Copies untouched for a day go; a younger one may still be running in another JVM.
     */
    private static void removeStaleCopies(Path cacheRoot, Path current) {
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        try (Stream<Path> copies = Files.list(cacheRoot)) {
            for (Path copy : copies.filter(p -> p.getFileName().toString().startsWith("dialgate-simulator-"))
                    .filter(p -> !p.equals(current) && Files.isRegularFile(p.resolve("quarkus-run.jar"))).toList()) {
                if (Files.getLastModifiedTime(copy).toInstant().isBefore(dayAgo)) {
                    deleteTree(copy);
                }
            }
        } catch (IOException e) {
            // Best effort: a copy that cannot be removed now is tried again at the next unpack.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
