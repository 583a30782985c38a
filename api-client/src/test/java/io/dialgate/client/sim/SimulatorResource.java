package io.dialgate.client.sim;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the packaged simulator as a real process on a free loopback port, empty (no seed) and
 * with a short pull-data hold, and hands its URL to the tests as {@code dialgate.simulator.url}.
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    /** Hold time of appPullData in tests; long enough for the concurrency test to observe held polls. */
    public static final Duration PULL_HOLD = Duration.ofSeconds(4);

    private Process process;

    @Override
    public Map<String, String> start() {
        String jar = System.getProperty("dialgate.simulator.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("Simulator jar not found at " + jar
                    + "; build it first: ./mvnw -pl simulator -DskipTests package");
        }
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", jar));
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("SIMULATOR_SEED", "none");
        pb.environment().put("SIMULATOR_PULL_HOLD", PULL_HOLD.toSeconds() + "s");
        // Calls progress only when a test drives them through the control API.
        pb.environment().put("SIMULATOR_CALLS_RING_TIME", "10m");
        pb.environment().put("SIMULATOR_CALLS_TALK_TIME", "10m");
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File("target/simulator.log"));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the simulator", e);
        }
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        await("simulator ready").atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Simulator exited with " + process.exitValue() + "; see target/simulator.log");
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return Map.of("dialgate.simulator.url", url);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
