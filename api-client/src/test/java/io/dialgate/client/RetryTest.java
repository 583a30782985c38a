package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retry policy as the PBX sees it: the journal counts the requests that really arrived. */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RetryTest {

    private static SimControl sim;
    private static DaktelaClients clients;
    private static DaktelaClient client;
    private static String token;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("retry");
        sim.queue("2000", "out");
        sim.pause("lunch", null, false);
        token = sim.user("alice", "pw", List.of());
        clients = DaktelaClients.create(DaktelaClientOptions.builder().retryBaseDelay(Duration.ofMillis(50))
                .retryMaxDelay(Duration.ofSeconds(2)).build());
        client = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @BeforeEach
    void reset() {
        sim.clearFaults();
        sim.clearJournal();
    }

    private static void fault(Map<String, ?> spec) {
        Map<String, Object> f = new HashMap<>(spec);
        f.put("token", token);
        sim.fault(f);
    }

    private static List<Integer> statuses(String endpoint) {
        return sim.journal(endpoint).stream().map(e -> e.get("status").asInt()).toList();
    }

    @Test
    void shouldRetryReadThrough503sThenSucceed() {
        fault(Map.of("endpoint", "pauses", "status", 503, "count", 2));
        assertThat(client.pauses().list(ListQuery.firstPage()).data()).extracting(Pause::name).containsExactly("lunch");
        assertThat(statuses("pauses")).containsExactly(503, 503, 200);
    }

    @Test
    void shouldRetryReadAfterHtml502AndDroppedConnection() {
        fault(Map.of("endpoint", "whoim", "quirk", "html-502", "count", 1));
        fault(Map.of("endpoint", "whoim", "drop", true, "count", 1));
        assertThat(client.whoAmI().user()).isPresent();
        assertThat(statuses("whoim")).containsExactly(502, 0, 200);
    }

    @Test
    void shouldGiveUpReadAfterMaxRetries() {
        fault(Map.of("endpoint", "pauses", "status", 504));
        var e = catchThrowableOfType(DaktelaUnavailableException.class, () -> client.pauses().get("lunch"));
        assertThat(e.status()).isEqualTo(504);
        assertThat(statuses("pauses")).containsExactly(504, 504, 504, 504);
    }

    @Test
    void shouldNeverRetryCallCreation() {
        client.userSessions().queue("2000", true, 0);
        fault(Map.of("endpoint", "activities", "status", 503, "count", 1));
        var e = catchThrowableOfType(DaktelaUnavailableException.class,
                () -> client.activities().call().dial("+420123", "2000"));
        assertThat(e.status()).isEqualTo(503);
        assertThat(sim.journal("activities")).hasSize(1);
    }

    @Test
    void shouldNeverRetryCallCreationEvenWhenRateLimited() {
        client.userSessions().queue("2000", true, 0);
        fault(Map.of("endpoint", "activities", "status", 429, "retryAfter", 1, "count", 1));
        var e = catchThrowableOfType(DaktelaRateLimitedException.class,
                () -> client.activities().call().dial("+420123", "2000"));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(sim.journal("activities")).hasSize(1);
    }

    @Test
    void shouldNotRetryCommandOn503() {
        fault(Map.of("endpoint", "usersSession", "status", 503, "count", 1));
        catchThrowableOfType(DaktelaUnavailableException.class, () -> client.userSessions().pause("lunch"));
        assertThat(statuses("usersSession")).containsExactly(503);
    }

    @Test
    void shouldRetryCommandAfterRetryAfterOn429() {
        fault(Map.of("endpoint", "usersSession", "status", 429, "retryAfter", 1, "count", 1));
        long start = System.nanoTime();
        UserSession s = client.userSessions().queue("2000", true, 0);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(s.isLoggedIn("2000")).isTrue();
        assertThat(statuses("usersSession")).containsExactly(429, 200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        List<JsonNode> journal = sim.journal("usersSession");
        assertThat(journal).allSatisfy(j -> assertThat(j.get("method").asText()).isEqualTo("POST"));
    }

    @Test
    void shouldRetryAtOnceAfterRetryAfterZero() {
        // Retry-After: 0 means "now"; a zero delay must not turn into a failure of its own.
        fault(Map.of("endpoint", "usersSession", "status", 429, "retryAfter", 0, "count", 1));
        UserSession s = client.userSessions().queue("2000", true, 0);
        assertThat(s.isLoggedIn("2000")).isTrue();
        assertThat(statuses("usersSession")).containsExactly(429, 200);
    }
}
