package io.dialgate.simulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.simulator.client.AgentState;
import io.dialgate.simulator.client.FaultSpec;
import io.dialgate.simulator.client.NewUser;
import io.dialgate.simulator.client.SimulatorControl;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The first test dirties the instance; the second sees only the seed again. */
@DaktelaSimulator(instance = "resetting", resetEachTest = true,
        queues = @SimQueue(name = "1000"),
        users = @SimUser(login = "jane", password = "janepw", token = "jane-token"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetEachTestTest {

    @Test
    @Order(1)
    void dirtiesTheInstance(SimulatorControl sim) {
        sim.addUser(NewUser.of("temp", "temppw", "temp-token"));
        sim.addFault(FaultSpec.status("queues", 503));
        Pbx.loginToQueue(sim.pbxUrl(), "jane-token", "1000");

        assertThat(sim.state().users()).extracting(AgentState::login).contains("temp");
        assertThat(sim.faults()).hasSize(1);
        assertThat(sim.journal()).isNotEmpty();
    }

    @Test
    @Order(2)
    void startsFromTheSeedAgain(SimulatorControl sim) {
        assertThat(sim.state().users()).extracting(AgentState::login).containsExactly("jane");
        assertThat(sim.state().user("jane").orElseThrow().loggedInQueues()).isEmpty();
        assertThat(sim.faults()).isEmpty();
        assertThat(sim.journal()).isEmpty();
    }
}
