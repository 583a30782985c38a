package io.dialgate.simulator.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The simulator as a child process on a free loopback port: started from {@link SimulatorApp#locate()},
 * awaited ready, stopped by {@link #close()} or, at the latest, when this JVM exits.
 *
 * <pre>{@code
 * try (SimulatorProcess sim = SimulatorProcess.start(SimulatorSettings.forTests())) {
 *     SimulatorControl acme = sim.control("acme").create();
 * }
 * }</pre>
 */
public final class SimulatorProcess implements AutoCloseable {

    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;
    private final Duration startTime;
    private final Thread shutdownHook;
    private final ClassDataArchive classData;
    private volatile boolean stopped;

    private SimulatorProcess(Process process, int port, Path log, Duration startTime, ClassDataArchive classData) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startTime = startTime;
        this.classData = classData;
        this.shutdownHook = new Thread(this::stop, "dialgate-simulator-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the simulator with {@code settings} and waits until it is ready. */
    public static SimulatorProcess start(SimulatorSettings settings) {
        Path jar = SimulatorApp.locate();
        SimulatorException last = null;
        // A free port found here may be taken by another process before the simulator binds it; a new port is tried then.
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            try {
                return startOnce(jar, settings, freePort());
            } catch (PortTakenException e) {
                last = e.failure;
            }
        }
        throw last;
    }

    private static SimulatorProcess startOnce(Path jar, SimulatorSettings settings, int port) {
        long started = System.nanoTime();
        Path work;
        try {
            work = Files.createTempDirectory("dialgate-simulator-" + port + "-");
        } catch (IOException e) {
            throw new SimulatorException("could not create a working folder for the simulator: " + e.getMessage(), 0, "", e);
        }
        Path log = work.resolve("simulator.log");
        ClassDataArchive classData = ClassDataArchive.of(jar, archiveFolder(jar), settings.jvmOptions());
        List<String> command = new ArrayList<>();
        command.add(ClassDataArchive.javaBinary());
        command.addAll(settings.jvmOptions());
        command.addAll(classData.jvmOptions());
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        for (Map.Entry<String, String> property : settings.properties().entrySet()) {
            command.add("-D" + property.getKey() + "=" + property.getValue());
        }
        command.add("-jar");
        command.add(jar.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new SimulatorException("could not start the simulator (" + jar + "): " + e.getMessage(), 0, "", e);
        }
        SimulatorControl probe = SimulatorControl.connect("http://127.0.0.1:" + port, "default");
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (!probe.isReady()) {
            if (!process.isAlive()) {
                String output = tail(log);
                SimulatorException failure = new SimulatorException(
                        "the simulator exited at start (log " + log + "):\n" + output, 0, "", null);
                if (output.contains("Port already bound") || output.contains("Address already in use")) {
                    throw new PortTakenException(failure);
                }
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new SimulatorException("the simulator was not ready within " + settings.startTimeout()
                        + " (log " + log + "):\n" + tail(log), 0, "", null);
            }
            pause();
        }
        return new SimulatorProcess(process, port, log, Duration.ofNanos(System.nanoTime() - started), classData);
    }

    /** Beside the unpacked simulator this kit carries (removed with it); in the temporary folder for any other jar. */
    private static Path archiveFolder(Path jar) {
        Path folder = jar.toAbsolutePath().getParent();
        if (folder != null && folder.getFileName().toString().startsWith("dialgate-simulator-") && Files.isWritable(folder)) {
            return folder;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "dialgate-simulator-cds");
    }

    // Polls a child process's readiness: nothing to subscribe to, so a short sleep between probes.
    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorException("interrupted while waiting for the simulator", 0, "", e);
        }
    }

    /** The simulator's root URL, {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The simulator process's id (for a profiler or {@code /proc}). */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** The simulator's console output. */
    public Path log() {
        return log;
    }

    /** From launching the process to the first ready answer. */
    public Duration startTime() {
        return startTime;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A control client for one of its instances (not created yet: call {@link SimulatorControl#create()}). */
    public SimulatorControl control(String instance) {
        return SimulatorControl.connect(baseUrl(), instance);
    }

    /** Stops the simulator and waits until it has exited. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already; the hook stops the process.
        }
    }

    private void stop() {
        if (!process.isAlive() && stopped) {
            return;
        }
        stopped = true;
        process.destroy();
        boolean exitedByItself = false;
        try {
            // Writing a class-data archive at exit takes a few seconds more on a busy machine.
            exitedByItself = process.waitFor(classData.isRecording() ? 40 : 10, TimeUnit.SECONDS);
            if (!exitedByItself) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        classData.afterExit(exitedByItself);
    }

    Path classDataArchive() {
        return classData.archive();
    }

    /** Whether this start mapped the class-data archive a previous start recorded (a faster start). */
    public boolean usedClassDataArchive() {
        return classData.isMapped();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SimulatorException("no free port: " + e.getMessage(), 0, "", e);
        }
    }

    private static final class PortTakenException extends RuntimeException {
        private final SimulatorException failure;

        PortTakenException(SimulatorException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }
}
