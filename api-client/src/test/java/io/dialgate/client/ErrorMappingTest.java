package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every error mapping and envelope quirk, provoked through the simulator's faults. Faults are bound
 * to this class's token so other classes sharing the simulator never see them.
 */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ErrorMappingTest {

    private static SimControl sim;
    private static DaktelaClients clients;
    private static DaktelaClient client;
    private static String token;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("errors");
        sim.queue("1000", "in");
        sim.pause("lunch", null, false);
        sim.pause("wrap", "wrap", true);
        token = sim.user("alice", "pw", List.of());
        // Short delays and timeouts keep the retried cases fast; QUERY placement is the riskiest for leaks.
        clients = DaktelaClients.create(DaktelaClientOptions.builder().tokenPlacement(TokenPlacement.QUERY)
                .readTimeout(Duration.ofMillis(700)).retryBaseDelay(Duration.ofMillis(20))
                .retryMaxDelay(Duration.ofMillis(100)).build());
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
        java.util.HashMap<String, Object> f = new java.util.HashMap<>(spec);
        f.put("token", token);
        sim.fault(f);
    }

    private static void assertNoToken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(token);
            assertThat(t.toString()).doesNotContain(token);
        }
        if (e instanceof DaktelaException d) {
            assertThat(d.errors()).noneMatch(s -> s.contains(token));
            assertThat(d.errorPayload().toString()).doesNotContain(token);
        }
    }

    @Test
    void shouldMapStatusFaultsToExceptionTypes() {
        Map<Integer, Class<? extends DaktelaException>> cases = Map.of(
                401, DaktelaUnauthorizedException.class,
                403, DaktelaForbiddenException.class,
                404, DaktelaNotFoundException.class,
                400, DaktelaValidationException.class,
                422, DaktelaValidationException.class,
                500, DaktelaUnavailableException.class,
                409, DaktelaException.class);
        cases.forEach((status, type) -> {
            sim.clearFaults();
            fault(Map.of("endpoint", "pauses", "status", status, "count", 1));
            var e = catchThrowableOfType(DaktelaException.class, () -> client.pauses().list(ListQuery.firstPage()));
            assertThat(e).as("status %d", status).isExactlyInstanceOf(type);
            assertThat(e.status()).isEqualTo(status);
            assertNoToken(e);
        });
    }

    @Test
    void shouldMapRevokedTokenToUnauthorized() {
        String other = sim.user("bob", "pw-bob", List.of());
        DaktelaClient bob = clients.forUser(sim.pbxUrl(), AccessToken.of(other));
        assertThat(bob.whoAmI().user()).isPresent();
        sim.setToken("bob", null);
        var e = catchThrowableOfType(DaktelaUnauthorizedException.class, bob::whoAmI);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain(other);
        assertThat(sim.journal("whoim")).hasSize(2);
    }

    @Test
    void shouldReportRateLimitWithRetryAfterOnceRetriesAreSpent() {
        fault(Map.of("endpoint", "pauses", "status", 429, "retryAfter", 2));
        long start = System.nanoTime();
        var e = catchThrowableOfType(DaktelaRateLimitedException.class, () -> client.pauses().list(ListQuery.firstPage()));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        // Three retries, each waiting Retry-After clamped to retryMaxDelay (100 ms), not 2 s.
        assertThat(sim.journal("pauses")).hasSize(4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertNoToken(e);
    }

    @Test
    void shouldSurviveHtml502Page() {
        fault(Map.of("endpoint", "usersSession", "quirk", "html-502"));
        var e = catchThrowableOfType(DaktelaUnavailableException.class,
                () -> client.userSessions().queue("1000", true, 0));
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.timedOut()).isFalse();
        assertThat(e.getMessage()).contains("not a JSON envelope");
        assertThat(sim.journal("usersSession")).hasSize(1);
    }

    @Test
    void shouldTreatErrorWithHttp200AsValidationFailure() {
        fault(Map.of("endpoint", "pauses", "quirk", "error-200"));
        var e = catchThrowableOfType(DaktelaValidationException.class, () -> client.pauses().get("lunch"));
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.errors()).isNotEmpty();
    }

    @Test
    void shouldReadErrorObject() {
        fault(Map.of("endpoint", "pauses", "quirk", "error-object"));
        var e = catchThrowableOfType(DaktelaValidationException.class, () -> client.pauses().get("lunch"));
        assertThat(e.errors()).isNotEmpty();
        assertThat(e.errorPayload().isObject()).isTrue();
    }

    @Test
    void shouldReadFormErrors() {
        fault(Map.of("endpoint", "activities", "quirk", "error-form"));
        var e = catchThrowableOfType(DaktelaValidationException.class,
                () -> client.activities().call().dial("+420", "1000"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.fieldErrors()).isNotEmpty();
        assertThat(sim.journal("activities")).hasSize(1);
    }

    @Test
    void shouldSurviveListQuirks() {
        ListQuery q = ListQuery.builder().sort("name", ListQuery.Direction.ASC).build();
        fault(Map.of("endpoint", "pauses", "quirk", "total-string", "count", 1));
        Page<Pause> stringTotal = client.pauses().list(q);
        assertThat(stringTotal.total()).isEqualTo(2);
        assertThat(stringTotal.data()).extracting(Pause::name).containsExactly("lunch", "wrap");

        fault(Map.of("endpoint", "pauses", "quirk", "total-null", "count", 1));
        Page<Pause> nullTotal = client.pauses().list(q);
        assertThat(nullTotal.totalKnown()).isFalse();
        assertThat(nullTotal.data()).hasSize(2);

        fault(Map.of("endpoint", "pauses", "quirk", "data-keyed", "count", 1));
        assertThat(client.pauses().list(q).data()).extracting(Pause::name).containsExactlyInAnyOrder("lunch", "wrap");

        fault(Map.of("endpoint", "pauses", "quirk", "total-null"));
        assertThat(client.pauses().stream(ListQuery.builder().take(1).build()).map(Pause::name))
                .containsExactlyInAnyOrder("lunch", "wrap");
    }

    @Test
    void shouldMapCommandTimeoutWithoutRetry() {
        fault(Map.of("endpoint", "usersSession", "latencyMs", 2000));
        var e = catchThrowableOfType(DaktelaUnavailableException.class,
                () -> client.userSessions().queue("1000", true, 0));
        assertThat(e.timedOut()).isTrue();
        assertThat(e.status()).isZero();
        assertNoToken(e);
        // The PBX journals the abandoned request only when its latency ends; wait for it, so it is
        // counted here (exactly once: no retry) and not in the next test's journal.
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.journal("usersSession").size() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> sim.journal("usersSession").size() == 1);
    }

    @Test
    void shouldMapDroppedConnectionToUnavailable() {
        fault(Map.of("endpoint", "usersSession", "drop", true));
        var e = catchThrowableOfType(DaktelaUnavailableException.class, () -> client.userSessions().pause("lunch"));
        assertThat(e.status()).isZero();
        assertThat(e.timedOut()).isFalse();
        assertThat(sim.journal("usersSession")).hasSize(1);
        assertNoToken(e);
    }

    @Test
    void shouldNeverLeakTokenInAnyFailure() {
        Stream.of(401, 403, 404, 429, 502, 503).forEach(status -> {
            sim.clearFaults();
            fault(Map.of("endpoint", "whoim", "status", status));
            var e = catchThrowableOfType(DaktelaException.class, client::whoAmI);
            assertNoToken(e);
        });
    }
}
