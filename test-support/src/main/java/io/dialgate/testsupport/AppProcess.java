package io.dialgate.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One packaged Dialgate app (simulator or gateway) running as a real process on a free loopback
 * port, with its output in a log file under {@code target/it-work}. Started and awaited healthy;
 * {@link #close()} stops it and waits for it to exit. The packaged gateway serves health and metrics on
 * its management port ({@link #managementUrl()}), a second free loopback port; the simulator on its
 * only one.
 */
public final class AppProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private AppProcess(String name, Process process, int port, int managementPort, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the simulator jar (256 MB heap). */
    public static AppProcess simulator(Map<String, String> env) {
        return simulator(env, List.of("-Xmx256m"));
    }

    /**
     * Starts the simulator jar with the given JVM options (heap size, GC...): the one named by
     * {@code dialgate.simulator.jar}, else the copy the simulator testing kit carries.
     */
    public static AppProcess simulator(Map<String, String> env, List<String> jvmOptions) {
        return start("simulator", io.dialgate.simulator.client.SimulatorApp.locate().toString(), env, jvmOptions, false);
    }

    /** Starts the gateway jar with its embedded database in a fresh data directory (256 MB heap). */
    public static AppProcess gateway(Map<String, String> env) {
        return gateway(env, List.of("-Xmx256m"));
    }

    /** Starts the gateway jar with the given JVM options. */
    public static AppProcess gateway(Map<String, String> env, List<String> jvmOptions) {
        // The packaged jar runs its production rules; the PBX here is a simulator on loopback over plain http.
        Map<String, String> withDefaults = new java.util.HashMap<>(Map.of(
                "DIALGATE_PBX_ALLOW_INSECURE_URLS", "true",
                "DIALGATE_PBX_ALLOW_PRIVATE_ADDRESSES", "true"));
        withDefaults.putAll(env);
        return start("gateway", System.getProperty("dialgate.gateway.jar"), withDefaults, jvmOptions, true);
    }

    /** The operating-system process id, e.g. to read its CPU time from /proc in a benchmark. */
    public long pid() {
        return process.pid();
    }

    private static AppProcess start(String name, String jar, Map<String, String> env, List<String> jvmOptions,
            boolean managementInterface) {
        try {
            Path work = Files.createDirectories(Path.of(System.getProperty("dialgate.it.work-dir", "target/it-work")));
            Path dir = Files.createTempDirectory(work, name + "-");
            Path log = dir.resolve(name + ".log");
            int port = freePort();
            int managementPort = managementInterface ? freePort() : port;
            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            builder.environment().put("DIALGATE_DATA_DIR", dir.resolve("data").toString());
            if (managementInterface) {
                builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
                builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            }
            builder.environment().putAll(env);
            AppProcess app = new AppProcess(name, builder.start(), port, managementPort, log);
            try {
                app.awaitHealthy();
            } catch (RuntimeException e) {
                app.close(); // never leave a half-started app (and its ports and database) behind a failed test
                throw e;
            }
            return app;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + " from " + jar, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Where health ({@code /q/health}) and metrics ({@code /q/metrics}) answer. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        // 240 s by default: on a machine shared with several builds a start has taken over two minutes; a
        // benchmark may allow more (dialgate.it.start-timeout-seconds).
        Duration limit = Duration.ofSeconds(Long.getLong("dialgate.it.start-timeout-seconds", 240));
        // What the last health request got, for the failure message: a refused connection, a time-out or a status.
        java.util.concurrent.atomic.AtomicReference<String> lastAnswer = new java.util.concurrent.atomic.AtomicReference<>("none yet");
        try {
            await(name + " healthy").atMost(limit)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited early; see " + log + ":\n" + Files.readString(log));
                        }
                        try {
                            // Bounded: one request left hanging must not use up the whole wait.
                            HttpResponse<String> response = http.send(
                                    HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                                            .timeout(Duration.ofSeconds(5)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            lastAnswer.set("HTTP " + response.statusCode() + " " + response.body());
                            return response.statusCode() == 200;
                        } catch (java.io.IOException notListeningYet) {
                            lastAnswer.set(notListeningYet.toString());
                            return false;
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") was not ready within " + limit.toSeconds()
                    + " s; the last answer of " + managementUrl() + "/q/health/ready was: " + lastAnswer.get() + "\n"
                    + StartDiagnosis.of(process, log), e);
        }
    }

    /** Kills the process as {@code kill -9} does (no shutdown hooks run) and waits until it is gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
