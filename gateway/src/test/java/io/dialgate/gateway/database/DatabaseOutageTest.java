package io.dialgate.gateway.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.event.EventRepository;
import io.dialgate.gateway.polling.PollSupervisor;
import io.dialgate.gateway.polling.PolledStateService;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running gateway (the link to PostgreSQL is cut, as a restart or a failover
 * looks): the API answers 503 with Retry-After, the log says so once instead of a stack trace per request,
 * the poller stops before its leases could be taken over, and everything resumes when the database returns,
 * with the changes made meanwhile turned into events.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.OwnLink.class)
@WithTestResource(ProxiedDatabaseResource.class)
@WithTestResource(SimulatorResource.class)
class DatabaseOutageTest {

    /** A profile of its own, so this application instance talks to the database through the proxy. */
    public static class OwnLink implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.acquisition-timeout", "2s");
        }
    }

    private static final Path LOG = Path.of("target/quarkus-test.log");

    @Inject
    PollSupervisor supervisor;
    @Inject
    PolledStateService polled;
    @Inject
    EventRepository events;
    @Inject
    DatabaseAvailability database;

    @Test
    void shouldAnswer503AndStopPollingWhileTheDatabaseIsAwayAndResumeWhenItReturns() throws Exception {
        PbxFixture f = PbxFixture.create();
        String id = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> polled.find(f.tenant.id(), id).isPresent()
                && supervisor.worker().polledUsers().contains(id));
        long logBefore = logLength();

        ProxiedDatabaseResource.link().cut();
        try {
            for (int i = 0; i < 3; i++) {
                f.tenant.request().get("/v1/users").then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", "5")
                        .body("code", equalTo("database_unavailable"));
            }
            // The action-hook guard looks the hook up before the endpoint runs: the same answer, not a 500.
            io.restassured.RestAssured.given().header("webhook-id", "msg_1").header("webhook-timestamp", "1700000000")
                    .header("webhook-signature", "v1,AAAA").contentType("application/json").body("{}")
                    .post("/hooks/actions/" + io.dialgate.gateway.common.Ids.next("ahk", java.time.Clock.systemUTC()))
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                    .body("code", equalTo("database_unavailable"));
            // The replica stays ready (every replica shares the outage) and says why its answers are 503.
            io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'Database' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'Database' }.data.reachable", equalTo(false))
                    .body("checks.find { it.name == 'Database' }.data.unreachableSince", org.hamcrest.Matchers.notNullValue());
            await("the poller fences itself").atMost(Duration.ofSeconds(10))
                    .until(() -> supervisor.worker().polledUsers().isEmpty());
            // A change on the PBX while the gateway cannot write it down.
            f.pbx.ring("agent", "+420111222333", "1000");
        } finally {
            ProxiedDatabaseResource.link().restore();
        }

        await("the API answers again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> f.tenant.request().get("/v1/users").statusCode() == 200);
        await("the change made during the outage becomes an event").atMost(Duration.ofSeconds(20))
                .until(() -> types(f.tenant.id(), id).contains("call.ringing"));
        // The API and the poller can be back before the once-a-second probe has looked; it must look soon.
        await("the probe sees the database back").atMost(Duration.ofSeconds(5)).until(() -> !database.isDown());

        String during = logSince(logBefore);
        assertThat(during).containsOnlyOnce("Database unreachable");
        assertThat(during).contains("Database available again");
        assertThat(during).as("no stack trace per failed request or poll").doesNotContain("\tat org.postgresql")
                .doesNotContain("Unexpected error in request");
        assertThat(during.lines().count()).as("a handful of lines, not one per failure").isLessThan(60);
    }

    private java.util.List<String> types(String tenantId, String userId) {
        return QuarkusTransaction.requiringNew().call(() -> events.findByUserForTenant(tenantId, userId, "", 1000)
                .stream().map(e -> e.type).toList());
    }

    private static long logLength() throws IOException {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    private static String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(LOG);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
