package com.example.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.simulator.client.Call;
import io.dialgate.simulator.client.FaultSpec;
import io.dialgate.simulator.client.JournalEntry;
import io.dialgate.simulator.client.SimulatorControl;
import io.dialgate.simulator.junit.DaktelaSimulator;
import io.dialgate.simulator.junit.PbxUrl;
import io.dialgate.simulator.junit.SimQueue;
import io.dialgate.simulator.junit.SimUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// One simulator for the class, on a free port; the instance is emptied and seeded again before each test.
@DaktelaSimulator(
        queues = @SimQueue(name = "1000", type = "in"),
        users = @SimUser(login = "jane", password = "janepw", token = "jane-token"),
        resetEachTest = true)
class QueueDeskTest {

    private final List<Duration> waits = new ArrayList<>();
    private QueueDesk desk;

    @BeforeEach
    void desk(@PbxUrl String pbxUrl) {
        desk = new QueueDesk(pbxUrl, "jane-token", waits::add);
    }

    @Test
    void logsTheAgentInToTheQueue(SimulatorControl sim) {
        desk.loginToQueue("1000");

        assertThat(sim.state().user("jane").orElseThrow().loggedInQueues()).containsExactly("1000");
        assertThat(sim.journal()).singleElement()
                .satisfies(request -> assertThat(request.is("POST", "usersSession")).isTrue())
                .satisfies(request -> assertThat(request.status()).isEqualTo(200));
    }

    @Test
    void noticesAnInboundCallRungThroughTheControlApi(SimulatorControl sim) {
        desk.loginToQueue("1000");
        assertThat(desk.ringingCall()).isEmpty();

        Call call = sim.ring("jane", "+420777123456", "1000");

        assertThat(desk.ringingCall()).contains(call.activity());
    }

    @Test
    void waitsAsToldByA429AndTriesAgain(SimulatorControl sim) {
        sim.addFault(FaultSpec.tooManyRequests("usersSession", 2).times(1));

        desk.loginToQueue("1000");

        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        assertThat(sim.journal()).filteredOn(request -> request.is("POST", "usersSession"))
                .extracting(JournalEntry::status).containsExactly(429, 200);
        assertThat(sim.state().user("jane").orElseThrow().loggedInQueues()).containsExactly("1000");
    }
}
