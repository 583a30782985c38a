package io.dialgate.gateway.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventRepository;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class PollingEngineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    EventRepository events;
    @Inject
    PolledStateService polled;
    @Inject
    PollSupervisor supervisor;
    @Inject
    PollingConfig config;
    @Inject
    LeaseStore leases;
    @Inject
    ExtraReplicas replicas;
    @Inject
    InvalidTokenRecheck recheck;
    @Inject
    HostReachability hosts;

    @Transactional
    List<Event> eventsOf(String tenantId, String userId) {
        return events.findByUserForTenant(tenantId, userId, "", 1000);
    }

    @Transactional
    List<Event> hostEvents(String tenantId, String type) {
        return events.find("tenantId = ?1 and type = ?2", tenantId, type).list();
    }

    private List<String> typesOf(String tenantId, String userId) {
        return eventsOf(tenantId, userId).stream().map(e -> e.type).toList();
    }

    private static long pulls(PbxFixture f) {
        return f.pbx.journal().stream().filter(e -> e.path("path").asText().contains("appPullData")).count();
    }

    private String monitoredAgent(PbxFixture f) {
        String id = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        await("baseline snapshot").atMost(DEADLINE).until(() -> polled.find(f.tenant.id(), id).isPresent());
        return id;
    }

    @Test
    void shouldTurnStateChangesIntoOrderedEvents() {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        assertThat(eventsOf(f.tenant.id(), id)).as("the first snapshot is a baseline").isEmpty();

        f.tenant.request().put("/v1/users/" + id + "/queues/1000").then().statusCode(200);
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("queue.login"));
        f.tenant.request().body(Map.of("pause", "lunch")).put("/v1/users/" + id + "/pause").then().statusCode(200);
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("pause.started"));
        f.tenant.request().delete("/v1/users/" + id + "/pause").then().statusCode(200);
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("pause.ended"));

        String callId = f.pbx.ring("agent", "+420111222333", "1000").path("id").asText();
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("call.ringing"));
        f.pbx.answer(callId);
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("call.answered"));
        f.pbx.hangup(callId);
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("call.ended"));

        List<Event> all = eventsOf(f.tenant.id(), id);
        assertThat(all).extracting(e -> e.type).containsExactly("queue.login", "pause.started", "pause.ended",
                "call.ringing", "call.answered", "call.ended");
        assertThat(all).extracting(e -> e.sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(all.get(3).data.get("clid").asText()).isEqualTo("+420111222333");
        f.tenant.request().get("/v1/users/" + id + "/state").then().statusCode(200)
                .body("source", equalTo("polling")).body("queues.find { it.name == '1000' }.loggedIn", equalTo(true));
    }

    /**
     * A poll whose hold time ran out changed nothing: it is not written on its own, but its time still reaches
     * {@code lastPollAt} within a tick, and the loop polls on without waiting for a write.
     */
    @Test
    void shouldRecordWhenUnchangedPollsWereAnsweredOnceATick() {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        Instant first = lastPollAt(f, id);
        String hash = polled.find(f.tenant.id(), id).orElseThrow().hash();
        long pullsBefore = pulls(f);
        // The test simulator holds a poll for 2 s: two more answers with nothing new, then a tick.
        await("unchanged answers' time recorded").atMost(DEADLINE)
                .until(() -> pulls(f) >= pullsBefore + 2 && lastPollAt(f, id).isAfter(first.plusSeconds(2)));
        assertThat(polled.find(f.tenant.id(), id).orElseThrow().hash()).isEqualTo(hash);
        assertThat(eventsOf(f.tenant.id(), id)).isEmpty();

        // A change after such answers is still written at once, as an event.
        f.tenant.request().put("/v1/users/" + id + "/queues/1000").then().statusCode(200);
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("queue.login"));
    }

    private static Instant lastPollAt(PbxFixture f, String id) {
        return Instant.parse(f.tenant.request().get("/v1/users/" + id).then().statusCode(200).extract().<String>path("lastPollAt"));
    }

    @Test
    void shouldEmitTokenInvalidOnceAndStopPolling() {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        f.pbx.setToken("agent", null);
        // Wake the held poll so the next one meets the revoked token.
        f.pbx.ring("agent", "123", "1000");
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("user.token_invalid"));
        f.tenant.request().get("/v1/users/" + id).then().body("tokenStatus", equalTo("invalid"));
        await().atMost(DEADLINE).until(() -> !supervisor.worker().polledUsers().contains(id));
        long polls = pulls(f);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> pulls(f) == polls);
        assertThat(typesOf(f.tenant.id(), id)).containsOnlyOnce("user.token_invalid");

        f.pbx.setToken("agent", "fresh-token");
        f.tenant.request().body(Map.of("accessToken", "fresh-token")).patch("/v1/users/" + id).then().statusCode(200);
        await("polling resumes with the new token").atMost(DEADLINE).until(() -> supervisor.worker().polledUsers().contains(id));
    }

    @Test
    void shouldEmitUnreachableAndReachableOncePerChange() {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        f.pbx.fault(Map.of("endpoint", "appPullData", "status", 503));
        f.pbx.ring("agent", "123", "1000"); // answers the held poll; the next ones fail
        await().atMost(DEADLINE).until(() -> hostEvents(f.tenant.id(), "pbx.unreachable").size() == 1);
        f.pbx.clearFaults();
        await().atMost(Duration.ofSeconds(90)).until(() -> hostEvents(f.tenant.id(), "pbx.reachable").size() == 1);
        assertThat(hostEvents(f.tenant.id(), "pbx.unreachable")).hasSize(1);
        assertThat(hostEvents(f.tenant.id(), "pbx.reachable").get(0).pbxHostId).isEqualTo(f.hostId);
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("call.ringing"));
    }

    @Test
    void shouldFollowMonitoringChangesWithinTicks() {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        f.tenant.request().body(Map.of("monitored", false)).patch("/v1/users/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> !supervisor.worker().polledUsers().contains(id));
        f.tenant.request().body(Map.of("monitored", true)).patch("/v1/users/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> supervisor.worker().polledUsers().contains(id));
        f.tenant.request().delete("/v1/users/" + id).then().statusCode(204);
        await().atMost(Duration.ofSeconds(3)).until(() -> !supervisor.worker().polledUsers().contains(id));
    }

    @Test
    void shouldDiffWhatChangedWhileNobodyWatched() throws Exception {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        f.tenant.request().body(Map.of("monitored", false)).patch("/v1/users/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> !supervisor.worker().polledUsers().contains(id));
        // Straight to the PBX, as the agent's own softphone would, while the gateway is not looking.
        HttpResponse<String> paused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(f.pbx.pbxUrl() + "/api/v6/usersSession.json"))
                .header("X-Auth-Token", f.agentToken).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("pause=lunch")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(paused.statusCode()).isLessThan(300);
        f.tenant.request().body(Map.of("monitored", true)).patch("/v1/users/" + id).then().statusCode(200);
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("pause.started"));
    }

    @Test
    void shouldShareUsersBetweenReplicasAndTakeOverADeadOnesUsers() {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        PollingWorker other = replicas.worker("test-replica-b");
        try {
            other.runOnce();
            assertThat(other.polledUsers()).as("the lease is held by the app's replica").doesNotContain(id);
            assertThat(leases.holders().get(id)).isEqualTo(supervisor.worker().replica());
        } finally {
            other.shutdown();
        }
    }

    @Test
    void shouldParkAHostsUsersDuringAnOutageProbeItAloneAndResumeEveryoneWithinSecondsAfterIt() {
        PbxFixture f = PbxFixture.create();
        java.util.List<String> logins = new java.util.ArrayList<>();
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String login = "outage" + i;
            String token = "tok-" + login + "-" + java.util.UUID.randomUUID();
            f.pbx.addUser(login, "pw", token, java.util.List.of());
            String id = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", login, "accessToken", token))
                    .post("/v1/users").then().statusCode(201).extract().path("id");
            logins.add(login);
            ids.add(id);
        }
        await("baseline snapshots").atMost(DEADLINE).until(() -> ids.stream().allMatch(id -> polled.find(f.tenant.id(), id).isPresent()));

        f.pbx.fault(Map.of("status", 503)); // every endpoint: the host is down
        await().atMost(DEADLINE).until(() -> hosts.isOpen(f.hostId));
        await().atMost(DEADLINE).until(() -> hostEvents(f.tenant.id(), "pbx.unreachable").size() == 1);
        // While it is down, one probe at a time asks it, not every user on its own schedule. Counted once every user
        // waits: a poll held since before the outage ends on its own (the simulator holds for 2 s) and fails only then.
        await().atMost(DEADLINE).until(() -> hosts.waitingUsers(f.hostId) == ids.size());
        long before = f.pbx.journal().size();
        await().pollDelay(Duration.ofSeconds(4)).until(() -> true);
        assertThat(f.pbx.journal().size() - before).as("requests to the down host in 4 s").isLessThanOrEqualTo(5);

        f.pbx.clearFaults();
        long back = System.nanoTime();
        logins.forEach(login -> f.pbx.ring(login, "+420555000111", "1000"));
        await("every user polled again").atMost(Duration.ofSeconds(15))
                .until(() -> ids.stream().allMatch(id -> typesOf(f.tenant.id(), id).contains("call.ringing")));
        java.time.Duration resumed = java.time.Duration.ofNanos(System.nanoTime() - back);
        org.jboss.logging.Logger.getLogger(PollingEngineTest.class).infof("All %d users polled again %d ms after the host came back",
                ids.size(), resumed.toMillis());
        assertThat(hostEvents(f.tenant.id(), "pbx.unreachable")).hasSize(1);
        assertThat(hostEvents(f.tenant.id(), "pbx.reachable")).hasSize(1);
    }

    @Test
    void shouldKeepPollingAfterOneSpurious401ThatWhoimDoesNotConfirm() {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        f.pbx.fault(Map.of("endpoint", "appPullData", "status", 401, "count", 1));
        f.pbx.ring("agent", "123", "1000"); // answers the held poll; the next one meets the 401
        await().atMost(DEADLINE).until(() -> f.pbx.journal().stream()
                .anyMatch(e -> e.path("path").asText().contains("whoim")));
        f.pbx.ring("agent", "124", "1000");
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).stream().filter("call.ringing"::equals).count() >= 2);
        assertThat(typesOf(f.tenant.id(), id)).doesNotContain("user.token_invalid");
        f.tenant.request().get("/v1/users/" + id).then().body("tokenStatus", equalTo("valid"));
    }

    @Test
    void shouldMarkATokenValidAgainWhenThePbxAcceptsItOnARecheck() {
        PbxFixture f = PbxFixture.create();
        String id = monitoredAgent(f);
        f.pbx.setToken("agent", null); // the PBX forgets the token for a while (a restore, a glitch)
        f.pbx.ring("agent", "123", "1000");
        await().atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("user.token_invalid"));
        assertThat(recheck.runOnce()).as("still refused: stays invalid").isZero();
        f.tenant.request().get("/v1/users/" + id).then().body("tokenStatus", equalTo("invalid"));

        f.pbx.setToken("agent", f.agentToken); // ...and accepts it again
        assertThat(recheck.runOnce()).isGreaterThanOrEqualTo(1);
        f.tenant.request().get("/v1/users/" + id).then().body("tokenStatus", equalTo("valid"));
        await("polling resumes by itself").atMost(DEADLINE).until(() -> supervisor.worker().polledUsers().contains(id));
    }

    @Test
    void shouldNoticeAPartitionedHostLongBeforeItsHeldPollsTimeOut() {
        PbxFixture f = PbxFixture.create();
        int simulatorPort = java.net.URI.create(f.pbx.pbxUrl()).getPort();
        try (io.dialgate.testsupport.LoopbackProxy link = io.dialgate.testsupport.LoopbackProxy.to(simulatorPort)) {
            String baseUrl = f.pbx.pbxUrl().replace(":" + simulatorPort + "/", ":" + link.port() + "/");
            String hostId = f.tenant.request().body(Map.of("name", "behind-a-link", "baseUrl", baseUrl)).post("/v1/pbx-hosts")
                    .then().statusCode(201).extract().path("id");
            String id = f.tenant.request().body(Map.of("pbxHostId", hostId, "login", "agent", "accessToken", f.agentToken))
                    .post("/v1/users").then().statusCode(201).extract().path("id");
            await("baseline snapshot").atMost(DEADLINE).until(() -> polled.find(f.tenant.id(), id).isPresent());

            link.blackhole(); // packets vanish; no connection is reset
            long cut = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> hosts.isOpen(hostId));
            Duration noticed = Duration.ofNanos(System.nanoTime() - cut);
            assertThat(noticed).as("noticed before a held poll's read time-out").isLessThan(config.livenessCheckAfter()
                    .plus(config.livenessTimeout()).plusSeconds(3));
            await().atMost(DEADLINE).until(() -> hostEvents(f.tenant.id(), "pbx.unreachable").size() == 1);

            link.restore();
            f.pbx.ring("agent", "+420555000222", "1000");
            await("polled again after the link heals").atMost(DEADLINE).until(() -> typesOf(f.tenant.id(), id).contains("call.ringing"));
            await().atMost(DEADLINE).until(() -> hostEvents(f.tenant.id(), "pbx.reachable").size() == 1);
            assertThat(hostEvents(f.tenant.id(), "pbx.unreachable")).hasSize(1);
        }
    }
}
