package io.dialgate.simulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorAppTest {

    @Test
    void unpacksTheCarriedSimulatorOnceEvenWhenTwoAskAtOnce(@TempDir Path cache) throws Exception {
        CompletableFuture<Path> first = CompletableFuture.supplyAsync(() -> SimulatorApp.unpackBundled(cache));
        CompletableFuture<Path> second = CompletableFuture.supplyAsync(() -> SimulatorApp.unpackBundled(cache));

        Path jar = first.get();
        assertThat(second.get()).isEqualTo(jar);
        assertThat(jar.getFileName()).hasToString("quarkus-run.jar");
        assertThat(jar.getParent().resolve("lib")).isDirectory();
        try (Stream<Path> entries = Files.list(cache)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            assertThat(names).singleElement().asString().startsWith("dialgate-simulator-");
        }
        assertThat(SimulatorApp.unpackBundled(cache)).isEqualTo(jar);
    }

    @Test
    void copiesUntouchedForADayAreRemovedYoungerOnesKept(@TempDir Path cache) throws Exception {
        Path stale = fakeCopy(cache, "dialgate-simulator-0.0.9-aaaaaaaaaaaa", Duration.ofDays(2));
        Path young = fakeCopy(cache, "dialgate-simulator-0.0.9-bbbbbbbbbbbb", Duration.ofHours(1));

        Path jar = SimulatorApp.unpackBundled(cache);

        assertThat(jar).isRegularFile();
        assertThat(stale).doesNotExist();
        assertThat(young).isDirectory();
    }

    private static Path fakeCopy(Path cache, String name, Duration age) throws Exception {
        Path copy = Files.createDirectories(cache.resolve(name));
        Files.writeString(copy.resolve("quarkus-run.jar"), "not a jar");
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minus(age)));
        return copy;
    }

    @Test
    void aConfiguredJarThatIsNotThereIsNamed() {
        String before = System.getProperty("dialgate.simulator.jar");
        System.setProperty("dialgate.simulator.jar", "/nonexistent/quarkus-run.jar");
        try {
            assertThatThrownBy(SimulatorApp::locate).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/nonexistent/quarkus-run.jar").hasMessageContaining("unset it");
        } finally {
            if (before == null) {
                System.clearProperty("dialgate.simulator.jar");
            } else {
                System.setProperty("dialgate.simulator.jar", before);
            }
        }
    }
}
