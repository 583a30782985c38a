package io.dialgate.simulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.simulator.client.AgentState;
import io.dialgate.simulator.client.Call;
import io.dialgate.simulator.client.FaultSpec;
import io.dialgate.simulator.client.JournalEntry;
import io.dialgate.simulator.client.SimulatorControl;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

@DaktelaSimulator(instance = "annotated",
        queues = {@SimQueue(name = "1000"), @SimQueue(name = "2000", type = "out")},
        pauses = @SimPause(name = "lunch"),
        users = {@SimUser(login = "jane", password = "janepw", token = "jane-token"),
                 @SimUser(login = "boss", password = "bosspw", rights = "jane")})
class AnnotationSeedTest {

    @Test
    void injectsUrlsAndAClientForTheSeededInstance(SimulatorControl sim, @SimulatorUrl String base, @PbxUrl URI pbx) {
        assertThat(base).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(pbx).hasToString(base + "/pbx/annotated");
        assertThat(sim.instance()).isEqualTo("annotated");
        assertThat(sim.instances()).anySatisfy(i -> assertThat(i.name()).isEqualTo("annotated"));
        assertThat(sim.state().users()).extracting(AgentState::login).containsExactlyInAnyOrder("jane", "boss");
    }

    @Test
    void seededUsersCallTheApiAndTheJournalShowsIt(SimulatorControl sim) {
        sim.clearJournal();
        HttpResponse<String> login = Pbx.loginToQueue(sim.pbxUrl(), "jane-token", "1000");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(sim.state().user("jane").orElseThrow().loggedInQueues()).containsExactly("1000");
        List<JournalEntry> journal = sim.journal();
        assertThat(journal).singleElement().satisfies(e -> {
            assertThat(e.is("POST", "usersSession")).as("entry %s", e).isTrue();
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.tokenPlacement()).isNotBlank();
        });
    }

    @Test
    void ringsAnInboundCallAndInjectsA429(SimulatorControl sim) {
        Pbx.loginToQueue(sim.pbxUrl(), "jane-token", "1000");
        Call call = sim.ring("jane", "+420777000111", "1000");
        assertThat(call.id()).isNotBlank();
        assertThat(sim.state().user("jane").orElseThrow().deviceState()).isEqualTo("ringing");

        sim.addFault(FaultSpec.tooManyRequests("queues", 3).times(1));
        HttpResponse<String> limited = Pbx.get(sim.pbxUrl(), "queues.json", "jane-token");
        HttpResponse<String> after = Pbx.get(sim.pbxUrl(), "queues.json", "jane-token");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(sim.faults()).singleElement().satisfies(f -> assertThat(f.remaining()).isZero());
        sim.hangup(call.id());
        assertThat(sim.state().user("jane").orElseThrow().deviceState()).isEqualTo("idle");
    }

    @Test
    void generatedTokensAreReadFromTheControlClient(SimulatorControl sim) {
        String token = sim.setToken("boss", "boss-token").accessToken();

        assertThat(token).isEqualTo("boss-token");
        assertThat(Pbx.get(sim.pbxUrl(), "whoim.json", "boss-token").body()).contains("\"boss\"");
    }
}
