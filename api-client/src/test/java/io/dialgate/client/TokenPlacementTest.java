package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The token arrives where the options say, for reads, commands and long polls alike. */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TokenPlacementTest {

    private static SimControl sim;
    private static String token;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("placement");
        sim.queue("1000", "in");
        token = sim.user("alice", "pw", List.of());
    }

    @ParameterizedTest
    @EnumSource(TokenPlacement.class)
    void shouldSendTokenWhereConfigured(TokenPlacement placement) {
        sim.clearJournal();
        try (DaktelaClients clients = DaktelaClients.create(
                DaktelaClientOptions.builder().tokenPlacement(placement).build())) {
            DaktelaClient client = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
            assertThat(client.whoAmI().user()).isPresent();
            client.userSessions().queue("1000", true, 0);
            assertThat(client.appPullData("").snapshot()).isTrue();
        }
        List<JsonNode> journal = sim.journal();
        assertThat(journal).extracting(e -> e.get("endpoint").asText())
                .containsExactly("whoim", "usersSession", "appPullData");
        assertThat(journal).allSatisfy(e -> {
            assertThat(e.get("tokenPlacement").asText()).isEqualTo(placement.name().toLowerCase());
            assertThat(e.get("status").asInt()).isEqualTo(200);
            assertThat(e.toString()).doesNotContain(token);
        });
    }
}
