package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A token from login.json that expires is renewed by the client itself, for every client of the PBX. */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TokenRenewalTest {

    @Test
    void shouldKeepWorkingPastTheExpiryOfALoginToken() {
        SimControl sim = SimControl.newInstance("renew");
        sim.queue("2000", "out");
        sim.user("dana", "pw-dana", List.of());
        sim.profile(Map.of("tokenLifetimeSeconds", 2));
        try (DaktelaClients clients = DaktelaClients.create(); DaktelaClients other = DaktelaClients.create()) {
            LoginResult login = clients.login(sim.pbxUrl()).login("dana", "pw-dana");
            assertThat(login.expiresAt()).isPresent();
            DaktelaClient dana = clients.forUser(sim.pbxUrl(), login.accessToken());
            assertThat(dana.whoAmI().user().orElseThrow().name()).isEqualTo("dana");

            // Past the expiry, the token the caller holds still works: the client renewed it on its own.
            await().pollDelay(Duration.ofMillis(2200)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(dana.queues().list(ListQuery.firstPage()).data()).extracting(Queue::name).containsExactly("2000");
            assertThat(dana.appPullData("").hash()).isNotBlank();
            // Another factory in the same process uses the same renewed session instead of spending the refresh token.
            assertThat(other.forUser(sim.pbxUrl(), login.accessToken()).whoAmI().user().orElseThrow().name())
                    .isEqualTo("dana");
            assertThat(sim.journal("login").stream().filter(e -> "PUT".equals(e.path("method").asText())).count())
                    .isBetween(1L, 2L);
        }
    }

    @Test
    void shouldRenewAfterA401WhenTheExpiryWasUnknown() {
        SimControl sim = SimControl.newInstance("renew401");
        sim.user("erin", "pw-erin", List.of());
        try (DaktelaClients clients = DaktelaClients.create()) {
            LoginResult login = clients.login(sim.pbxUrl()).login("erin", "pw-erin");
            assertThat(login.expiresAt()).isEmpty();
            DaktelaClient erin = clients.forUser(sim.pbxUrl(), login.accessToken());
            sim.fault(Map.of("endpoint", "whoim", "status", 401, "count", 1));
            assertThat(erin.whoAmI().user().orElseThrow().name()).isEqualTo("erin");
            assertThat(sim.journal("login").stream().filter(e -> "PUT".equals(e.path("method").asText())).count())
                    .isEqualTo(1L);
        }
    }

    @Test
    void shouldNotRenewAStaticToken() {
        SimControl sim = SimControl.newInstance("static");
        String token = sim.user("fay", "pw-fay", List.of());
        try (DaktelaClients clients = DaktelaClients.create()) {
            DaktelaClient fay = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
            sim.fault(Map.of("endpoint", "whoim", "status", 401, "count", 1));
            org.assertj.core.api.Assertions.assertThatThrownBy(fay::whoAmI).isInstanceOf(DaktelaUnauthorizedException.class);
            assertThat(sim.journal("login")).isEmpty();
        }
    }
}
