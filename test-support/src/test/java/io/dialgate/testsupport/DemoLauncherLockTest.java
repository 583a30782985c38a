package io.dialgate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dialgate demo} refuses a second demo on the same data folder or the same ports with one line,
 * before it builds or writes anything, so a live demo's database and logs stay untouched. The first demo
 * is stood in for by what it holds: the lock on its data folder (taken with flock(1), as the launcher does),
 * or a listening port.
 */
class DemoLauncherLockTest {

    static final Path LAUNCHER = ProjectFilesTest.ROOT.resolve("dialgate");

    @TempDir
    Path dataDir;

    @Test
    void refusesASecondDemoOnTheSameDataFolderAndLeavesItsLogsAlone() throws Exception {
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        Path liveLog = Files.writeString(logs.resolve("gateway.log"), "the live demo's log\n");
        Path buildLog = Files.writeString(logs.resolve("build.log"), "the live demo's build\n");
        // The live demo: a process holding the data folder's lock, as the launcher's shell does.
        Process holder = new ProcessBuilder("flock", dataDir.resolve("demo.lock").toString(), "sleep", "60").start();
        try {
            awaitLocked(dataDir.resolve("demo.lock"));
            Result second = demo(Map.of("DIALGATE_DATA_DIR", dataDir.toString()));
            assertThat(second.exitCode()).isNotZero();
            assertThat(second.stderrLines()).hasSize(1);
            assertThat(second.stderrLines().get(0)).contains("a demo is already running with the data folder " + dataDir)
                    .contains("DIALGATE_DATA_DIR");
            assertThat(Files.readString(liveLog)).isEqualTo("the live demo's log\n");
            assertThat(Files.readString(buildLog)).isEqualTo("the live demo's build\n");
            assertThat(logs).isDirectoryNotContaining("glob:**/simulator.log");
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesASecondDemoOnTheSamePortsNamingThePortAndItsSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result second = demo(Map.of("DIALGATE_DATA_DIR", dataDir.toString(),
                    "DIALGATE_SIMULATOR_PORT", Integer.toString(taken.getLocalPort())));
            assertThat(second.exitCode()).isNotZero();
            assertThat(second.stderrLines()).hasSize(1);
            assertThat(second.stderrLines().get(0)).contains("port " + taken.getLocalPort() + " is in use")
                    .contains("DIALGATE_SIMULATOR_PORT");
            assertThat(dataDir.resolve("logs")).doesNotExist();
        }
    }

    /** Waits, with a deadline, until flock(1) has the lock (a non-blocking attempt of our own fails). */
    private static void awaitLocked(Path lock) {
        await("flock takes " + lock).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Process probe = new ProcessBuilder("flock", "-n", lock.toString(), "true").start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() != 0;
        });
    }

    record Result(int exitCode, List<String> stderrLines) {
    }

    /**
     * Runs {@code ./dialgate demo} on free, unusual ports (so it never meets a developer's demo) with the given
     * settings; it must stop by itself, before building.
     */
    private Result demo(Map<String, String> settings) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", LAUNCHER.toString(), "demo");
        builder.environment().keySet().removeIf(name -> name.startsWith("DIALGATE_"));
        for (String port : List.of("GATEWAY", "SIMULATOR", "MANAGEMENT", "RECEIVER")) {
            builder.environment().put("DIALGATE_" + port + "_PORT", Integer.toString(freePort()));
        }
        builder.environment().putAll(settings);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
            throw new AssertionError("./dialgate demo did not refuse: it is still running");
        }
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), stderr.lines().filter(line -> !line.isBlank()).toList());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
