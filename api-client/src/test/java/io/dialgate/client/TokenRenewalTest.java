package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void shouldResumeAStoredPairAfterARestartAndTellEachNewPair() {
        SimControl sim = SimControl.newInstance("resume");
        sim.queue("2000", "out");
        sim.user("gus", "pw-gus", List.of());
        sim.profile(Map.of("tokenLifetimeSeconds", 2));
        try (DaktelaClients clients = DaktelaClients.create()) {
            DaktelaLogin logins = clients.login(sim.pbxUrl());
            LoginResult stored = logins.login("gus", "pw-gus");
            // As after a restart: this process knows nothing of the session, only the stored pair.
            assertThat(logins.forget(stored.accessToken())).isTrue();
            await().pollDelay(Duration.ofMillis(2200)).atMost(Duration.ofSeconds(10)).until(() -> true);
            DaktelaClient unresumed = clients.forUser(sim.pbxUrl(), stored.accessToken());
            assertThatThrownBy(unresumed::whoAmI).isInstanceOf(DaktelaUnauthorizedException.class);

            List<LoginResult> told = new CopyOnWriteArrayList<>();
            assertThat(logins.resume(stored, told::add)).isEqualTo(stored.accessToken());
            assertThat(unresumed.whoAmI().user().orElseThrow().name()).isEqualTo("gus");
            assertThat(told).hasSize(1);
            LoginResult renewed = told.get(0);
            assertThat(renewed.accessToken()).isNotEqualTo(stored.accessToken());
            assertThat(renewed.refreshToken()).isPresent().isNotEqualTo(stored.refreshToken());
            assertThat(renewed.expiresAt()).isPresent();
            // The stored refresh token is spent: only the pair the listener was told can renew from now on.
            assertThatThrownBy(() -> logins.refresh(stored.refreshToken().orElseThrow()))
                    .isInstanceOf(DaktelaUnauthorizedException.class);
            // A client made for the new token finds the same session: no second renewal.
            long puts = puts(sim);
            assertThat(clients.forUser(sim.pbxUrl(), renewed.accessToken()).queues().list(ListQuery.firstPage()).data())
                    .extracting(Queue::name).containsExactly("2000");
            assertThat(puts(sim)).isEqualTo(puts);
            // Forgotten again, the session is resumed from the newest pair as well.
            assertThat(logins.forget(renewed.accessToken())).isTrue();
            assertThat(logins.resume(renewed, told::add)).isEqualTo(renewed.accessToken());
            assertThat(clients.forUser(sim.pbxUrl(), renewed.accessToken()).whoAmI().user().orElseThrow().name())
                    .isEqualTo("gus");
        }
    }

    @Test
    void shouldTellTheNewestPairWhenResumingASessionThatRenewedMeanwhile() {
        SimControl sim = SimControl.newInstance("resumeknown");
        sim.user("hal", "pw-hal", List.of());
        sim.profile(Map.of("tokenLifetimeSeconds", 2));
        try (DaktelaClients clients = DaktelaClients.create()) {
            DaktelaLogin logins = clients.login(sim.pbxUrl());
            LoginResult stored = logins.login("hal", "pw-hal");
            DaktelaClient hal = clients.forUser(sim.pbxUrl(), stored.accessToken());
            await().pollDelay(Duration.ofMillis(2200)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(hal.whoAmI().user().orElseThrow().name()).isEqualTo("hal"); // renews
            List<LoginResult> told = new CopyOnWriteArrayList<>();
            AccessToken newest = logins.resume(stored, told::add);
            assertThat(newest).isNotEqualTo(stored.accessToken());
            assertThat(told).singleElement().satisfies(p -> assertThat(p.accessToken()).isEqualTo(newest));
            assertThat(puts(sim)).isEqualTo(1L);
        }
    }

    @Test
    void shouldSendAForgottenSessionsTokenAsItIs() {
        SimControl sim = SimControl.newInstance("forget");
        sim.user("ida", "pw-ida", List.of());
        try (DaktelaClients clients = DaktelaClients.create()) {
            DaktelaLogin logins = clients.login(sim.pbxUrl());
            LoginResult login = logins.login("ida", "pw-ida");
            assertThat(logins.forget(login.accessToken())).isTrue();
            sim.fault(Map.of("endpoint", "whoim", "status", 401, "count", 1));
            assertThatThrownBy(clients.forUser(sim.pbxUrl(), login.accessToken())::whoAmI)
                    .isInstanceOf(DaktelaUnauthorizedException.class);
            assertThat(puts(sim)).isZero();
        }
    }

    private static long puts(SimControl sim) {
        return sim.journal("login").stream().filter(e -> "PUT".equals(e.path("method").asText())).count();
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
