package io.dialgate.simulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The control client and the process launcher without the JUnit extension, as a plain program uses them. */
class SimulatorProcessTest {

    // One process for both halves: a start is the slow part on a loaded machine.
    @Test
    void startsFromTheBundledAppServesRefusesAndStops() {
        SimulatorProcess stopped;
        try (SimulatorProcess sim = SimulatorProcess.start(SimulatorSettings.forTests().with("simulator.pull-hold", "1s"))) {
            stopped = sim;
            System.out.printf("simulator ready in %d ms (%s)%n", sim.startTime().toMillis(), sim.baseUrl());
            SimulatorControl acme = sim.control("acme").create();
            acme.addQueue(Queue.inbound("1000"));
            User jane = acme.addUser(NewUser.of("jane", "pw", null));

            assertThat(jane.accessToken()).isNotBlank();
            assertThat(acme.state().users()).extracting(AgentState::login).containsExactly("jane");
            assertThat(acme.instances()).extracting(InstanceInfo::name).containsExactly("acme");

            assertThatThrownBy(sim.control("nowhere")::journal).isInstanceOfSatisfying(SimulatorException.class, e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.problem()).contains("nowhere");
            });
            assertThatThrownBy(() -> acme.ring("ghost", "+420", "1000"))
                    .isInstanceOfSatisfying(SimulatorException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(stopped.isAlive()).isFalse();
    }

    @Test
    void aSecondStartMapsTheClassDataArchiveTheFirstRecorded() throws java.io.IOException {
        SimulatorSettings settings = SimulatorSettings.forTests().with("simulator.pull-hold", "1500ms");
        java.nio.file.Path archive;
        try (SimulatorProcess first = SimulatorProcess.start(settings)) {
            archive = first.classDataArchive();
        }
        // An archive left by an earlier build may have been mapped instead of recorded; either way one exists now.
        assertThat(archive).isRegularFile();

        try (SimulatorProcess second = SimulatorProcess.start(settings)) {
            System.out.printf("simulator ready in %d ms with the class-data archive%n", second.startTime().toMillis());
            assertThat(second.usedClassDataArchive()).isTrue();
            SimulatorControl acme = second.control("cds").create();
            assertThat(acme.addUser(NewUser.of("jo", "pw", null)).accessToken()).isNotBlank();
        }
    }

    @Test
    void anUnreachableSimulatorIsReportedWithItsAddress() {
        SimulatorControl control = SimulatorControl.connect("http://127.0.0.1:1", "acme");

        assertThat(control.isReady()).isFalse();
        assertThatThrownBy(control::state).isInstanceOfSatisfying(SimulatorException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains("http://127.0.0.1:1");
        });
    }
}
