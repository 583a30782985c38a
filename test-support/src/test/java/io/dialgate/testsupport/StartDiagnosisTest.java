package io.dialgate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartDiagnosisTest {

    @Test
    void shouldNameWhereAStuckAppWaitsAndEndWithItsLog(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("Stuck.java");
        Files.writeString(source, """
                package io.dialgate.sample;
                public class Stuck {
                    public static void main(String[] args) throws Exception {
                        for (int i = 0; i < 100; i++) System.out.println("starting step " + i);
                        waitForever();
                    }
                    static void waitForever() throws Exception { new java.util.concurrent.CountDownLatch(1).await(); }
                }
                """);
        Path log = dir.resolve("app.log");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(log).contains("starting step 99"));

            String diagnosis = StartDiagnosis.of(app, log);

            assertThat(diagnosis).contains("io.dialgate.sample.Stuck.waitForever")
                    .contains("starting step 99").contains("starting step 40").doesNotContain("starting step 39\n")
                    .doesNotContain("Reference Handler");
            assertThat(dir.resolve("threads.txt")).content().contains("\"main\"");
        } finally {
            app.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldSayWhenTheAppHasAlreadyExited(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "one line\n");
        Process done = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
        done.waitFor();

        assertThat(StartDiagnosis.of(done, log)).contains("(the process has exited)").contains("one line");
    }
}
