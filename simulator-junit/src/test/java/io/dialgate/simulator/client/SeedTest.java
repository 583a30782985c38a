package io.dialgate.simulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedTest {

    @Test
    void readsTheSimulatorsSeedFormat() {
        Seed seed = Seed.load("classpath:seed/two-tenants.yaml");

        assertThat(seed.instanceNames()).containsExactly("acme", "globex");
        Seed.Instance acme = seed.instances().get(0);
        assertThat(acme.queues()).containsExactly(new Queue("1000", "Acme support", "in"));
        assertThat(acme.pauses()).containsExactly(new Pause("lunch", "Lunch", null, false, 30));
        assertThat(acme.users()).singleElement().satisfies(u -> assertThat(u.accessToken()).isEqualTo("jane-token"));
        assertThat(seed.instances().get(1).cors()).isTrue();
    }

    @Test
    void aMisspeltFieldFailsWithTheFieldsName() {
        assertThatThrownBy(() -> Seed.load("classpath:seed/misspelt.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed/misspelt.yaml").hasMessageContaining("queus");
    }

    @Test
    void aMissingSeedSaysWhereItLooked() {
        assertThatThrownBy(() -> Seed.load("classpath:seed/none-such.yaml"))
                .hasMessageContaining("seed/none-such.yaml is not on the class path");
    }
}
