package io.dialgate.simulator.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class SeedFileTest {

    @Test
    void shouldReadBundledYamlDemo() {
        SeedFile file = SeedLoader.read("classpath:seed/demo.yaml");
        assertThat(file.instances()).hasSize(1);
        assertThat(file.instances().get(0).users()).extracting("login").containsExactly("agent1", "agent2",
                "supervisor");
        assertThat(file.instances().get(0).pauses()).extracting("type").containsExactly(null, "wrap", "dnd", null);
    }

    @Test
    void shouldReadJsonSeed() {
        SeedFile file = SeedLoader.read("src/test/resources/seed-test.json");
        assertThat(file.instances().get(0).name()).isEqualTo("acme");
    }

    @Test
    void shouldFailOnMissingSeed() {
        assertThatThrownBy(() -> SeedLoader.read("/nonexistent/seed.yaml")).isInstanceOf(UncheckedIOException.class);
    }
}
