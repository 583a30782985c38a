package io.dialgate.gateway.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventRepository;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A PBX that answers every poll with an error (here 404) is no longer silent: the user turns failing, its state
 * is flagged stale, and user.polling_failed goes out once per failure run.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class PollFailureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    EventRepository events;
    @Inject
    PolledStateService polled;

    @Transactional
    List<String> typesOf(String tenantId, String userId) {
        return events.findByUserForTenant(tenantId, userId, "", 1000).stream().map(e -> e.type).toList();
    }

    @Transactional
    List<Event> failedEvents(String tenantId, String userId) {
        return events.findByUserForTenant(tenantId, userId, "", 1000).stream().filter(e -> e.type.equals("user.polling_failed"))
                .toList();
    }

    private String pollStatus(PbxFixture f, String id) {
        return f.tenant.request().get("/v1/users/" + id).then().statusCode(200).extract().path("pollStatus");
    }

    @Test
    void shouldMarkUserFailingAndStateStaleWhilePbxAnswers404OncePerRun() {
        PbxFixture f = PbxFixture.create();
        String id = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        await("baseline snapshot").atMost(DEADLINE).until(() -> polled.find(f.tenant.id(), id).isPresent());
        f.tenant.request().get("/v1/users/" + id).then().body("pollStatus", equalTo("polling"))
                .body("lastPollAt", notNullValue()).body("lastPollError", nullValue());
        f.tenant.request().get("/v1/users/" + id + "/state").then().statusCode(200).body("stale", equalTo(false));

        f.pbx.fault(Map.of("endpoint", "appPullData", "status", 404));
        f.pbx.ring("agent", "123", "1000"); // answers the held poll; the next ones get 404
        await("failing").atMost(DEADLINE).until(() -> "failing".equals(pollStatus(f, id)));
        f.tenant.request().get("/v1/users/" + id).then().body("tokenStatus", equalTo("valid"))
                .body("lastPollError", containsString("404")).body("pollFailingSince", notNullValue());
        f.tenant.request().get("/v1/users/" + id + "/state").then().statusCode(200).body("source", equalTo("polling"))
                .body("stale", equalTo(true)).body("lastPollError", containsString("404"));
        List<Event> failed = failedEvents(f.tenant.id(), id);
        assertThat(failed).singleElement().satisfies(e -> {
            assertThat(e.data.get("login").asText()).isEqualTo("agent");
            assertThat(e.data.get("failures").asInt()).isEqualTo(3);
            assertThat(e.data.get("lastError").asText()).contains("404");
        });
        // Further failures of the same run send nothing more.
        await().atMost(DEADLINE).until(() -> f.tenant.request().get("/v1/users/" + id).then().extract().<Object>path("lastPollErrorAt")
                != null && pulls404(f) >= 5);
        assertThat(failedEvents(f.tenant.id(), id)).hasSize(1);

        f.pbx.clearFaults();
        await("recovered").atMost(Duration.ofSeconds(90)).until(() -> "polling".equals(pollStatus(f, id)));
        f.tenant.request().get("/v1/users/" + id + "/state").then().body("stale", equalTo(false)).body("lastPollError", nullValue());
        f.tenant.request().get("/v1/users/" + id).then().body("lastPollError", containsString("404")).body("pollFailingSince", nullValue());

        // A new run sends the event again.
        f.pbx.fault(Map.of("endpoint", "appPullData", "status", 404));
        f.pbx.ring("agent", "456", "1000");
        await("second run").atMost(Duration.ofSeconds(90)).until(() -> failedEvents(f.tenant.id(), id).size() == 2);
        f.pbx.clearFaults();
    }

    private static long pulls404(PbxFixture f) {
        return f.pbx.journal().stream().filter(e -> e.path("path").asText().contains("appPullData"))
                .filter(e -> e.path("status").asInt() == 404).count();
    }

    @Test
    void shouldShowNotMonitoredAndStartingUsers() {
        PbxFixture f = PbxFixture.create();
        String id = f.registerAgent();
        f.tenant.request().get("/v1/users/" + id).then().body("pollStatus", equalTo("not_monitored"));
        f.tenant.request().get("/v1/users").then().body("data[0].pollStatus", equalTo("not_monitored"));
        assertThat(typesOf(f.tenant.id(), id)).doesNotContain("user.polling_failed");
    }
}
