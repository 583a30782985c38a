package io.dialgate.simulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.simulator.client.AgentState;
import io.dialgate.simulator.client.InstanceInfo;
import io.dialgate.simulator.client.NewUser;
import io.dialgate.simulator.client.Queue;
import io.dialgate.simulator.client.SimulatorControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed file naming two instances, plus a user added in code to the injected one. */
class RegisteredExtensionTest {

    @RegisterExtension
    static DaktelaSimulatorExtension sim = DaktelaSimulatorExtension.builder()
            .instance("acme")
            .seed("classpath:seed/two-tenants.yaml")
            .queue(Queue.outbound("3000"))
            .user(NewUser.of("coded", "codedpw", "coded-token").withQueues(java.util.List.of("3000")))
            .build();

    @Test
    void seedsEveryInstanceOfTheFileAndTheCodedUsers(SimulatorControl acme) {
        assertThat(acme).isSameAs(sim.control());
        assertThat(acme.state().users()).extracting(AgentState::login).containsExactlyInAnyOrder("jane", "coded");
        assertThat(acme.instances()).contains(new InstanceInfo("acme", false), new InstanceInfo("globex", true));
        SimulatorControl globex = acme.forInstance("globex");
        assertThat(globex.state().users()).extracting(AgentState::login).containsExactly("hank");
    }

    @Test
    void generatedTokenWorksAgainstTheApi() {
        SimulatorControl globex = sim.control().forInstance("globex");
        String token = globex.addUser(NewUser.of("hank", "hankpw", null)).accessToken();

        assertThat(token).isNotBlank();
        assertThat(Pbx.loginToQueue(globex.pbxUrl(), token, "2000").statusCode()).isEqualTo(200);
        assertThat(Pbx.loginToQueue(sim.control().pbxUrl(), token, "1000").statusCode()).isEqualTo(401);
    }

    @Test
    void pausesAndUnpausesSeveralUsersInOneCall() {
        SimulatorControl acme = sim.control();
        assertThat(acme.setPause(java.util.List.of("jane", "coded"), "lunch")).isEqualTo(2);
        assertThat(acme.state().users()).allSatisfy(u -> assertThat(u.pauseName()).isEqualTo("lunch"));
        assertThat(acme.setPause(java.util.List.of("jane"), null)).isEqualTo(1);
        assertThat(acme.state().users()).extracting(AgentState::login, AgentState::pauseName)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("jane", null),
                        org.assertj.core.groups.Tuple.tuple("coded", "lunch"));
        acme.setPause(java.util.List.of("coded"), null);
    }
}
