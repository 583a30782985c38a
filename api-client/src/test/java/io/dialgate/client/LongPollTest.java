package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** appPullData with hash: snapshot, held poll answered on change, hold timeout. */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LongPollTest {

    private static final Duration HOLD = SimulatorResource.PULL_HOLD;

    private static SimControl sim;
    private static DaktelaClients clients;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("longpoll");
        sim.queue("1000", "in");
        sim.queue("2000", "out");
        sim.pause("lunch", null, false);
        clients = DaktelaClients.create();
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static DaktelaClient newUser(String login) {
        return clients.forUser(sim.pbxUrl(), AccessToken.of(sim.user(login, "pw", List.of())));
    }

    private static CompletableFuture<PullData> poll(DaktelaClient client, String hash) {
        return client.appPullDataAsync(hash).subscribeAsCompletionStage();
    }

    /** Asserts the poll stays held for a while, i.e. the PBX did not answer at once. */
    private static void assertHeld(CompletableFuture<PullData> poll) {
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(1)).until(() -> !poll.isDone());
    }

    @Test
    void shouldAnswerEmptyHashWithFullSnapshot() {
        DaktelaClient client = newUser("snap");
        PullData snapshot = client.appPullData("");
        assertThat(snapshot.snapshot()).isTrue();
        assertThat(snapshot.hash()).isNotBlank();
        assertThat(snapshot.hasChanges()).isTrue();
        assertThat(snapshot.queues()).isPresent();
        assertThat(snapshot.pause().isPresent()).isTrue();
        assertThat(snapshot.pause().isCleared()).isTrue();
        assertThat(snapshot.activities()).isPresent();
        assertThat(snapshot.deviceState()).isPresent();
        assertThat(snapshot.raw().get("hash")).isEqualTo(snapshot.hash());

        assertThat(client.appPullData("stale-or-unknown-hash").snapshot()).isTrue();
        assertThat(client.appPullData(null).snapshot()).isTrue();
    }

    @Test
    void shouldAnswerHeldPollPromptlyWhenQueueLoginChanges() {
        DaktelaClient client = newUser("queuer");
        String hash = client.appPullData("").hash();
        CompletableFuture<PullData> held = poll(client, hash);
        assertHeld(held);

        long changedAt = System.nanoTime();
        client.userSessions().queue("1000", true, 0);
        PullData delta = await().atMost(Duration.ofSeconds(2)).until(() -> held.getNow(null), d -> d != null);
        assertThat(Duration.ofNanos(System.nanoTime() - changedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(delta.snapshot()).isFalse();
        assertThat(delta.hash()).isNotEqualTo(hash);
        assertThat(delta.queues().orElseThrow()).anyMatch(q -> q.name().equals("1000") && q.loggedIn());
        assertThat(delta.pause().isPresent()).isFalse();
        assertThat(delta.activities()).isEmpty();
    }

    @Test
    void shouldReportPauseStartAndEndDistinctly() {
        DaktelaClient client = newUser("pauser");
        String hash = client.appPullData("").hash();

        CompletableFuture<PullData> started = poll(client, hash);
        assertHeld(started);
        client.userSessions().pause("lunch");
        PullData start = await().atMost(Duration.ofSeconds(2)).until(() -> started.getNow(null), d -> d != null);
        assertThat(start.pause().value()).get().extracting(PauseState::name).isEqualTo("lunch");

        CompletableFuture<PullData> ended = poll(client, start.hash());
        assertHeld(ended);
        client.userSessions().unpause();
        PullData end = await().atMost(Duration.ofSeconds(2)).until(() -> ended.getNow(null), d -> d != null);
        assertThat(end.pause().isPresent()).isTrue();
        assertThat(end.pause().isCleared()).isTrue();
        assertThat(end.queues()).isEmpty();
    }

    @Test
    void shouldReportInboundCallThroughHeldPoll() {
        DaktelaClient client = newUser("callee");
        client.userSessions().queue("1000", true, 0);
        String hash = client.appPullData("").hash();
        CompletableFuture<PullData> held = poll(client, hash);
        assertHeld(held);

        JsonNode call = sim.inboundCall("callee", "+420600100200", "1000");
        PullData ringing = await().atMost(Duration.ofSeconds(2)).until(() -> held.getNow(null), d -> d != null);
        Activity activity = ringing.activities().orElseThrow().stream()
                .filter(a -> a.name().equals(call.get("activity").asText())).findFirst().orElseThrow();
        assertThat(activity.call()).get().satisfies(c -> {
            assertThat(c.direction()).isEqualTo("in");
            assertThat(c.state()).contains("ringing");
        });
        assertThat(client.activities().call(activity.call().orElseThrow().idCall()).state()).contains("ringing");

        CompletableFuture<PullData> answered = poll(client, ringing.hash());
        sim.answer(call.get("id").asText());
        PullData a = await().atMost(Duration.ofSeconds(2)).until(() -> answered.getNow(null), d -> d != null);
        assertThat(a.activities().orElseThrow()).anyMatch(x -> x.call().flatMap(CallRecord::state).orElse("").equals("answered"));
        sim.hangup(call.get("id").asText());
    }

    @Test
    void shouldAnswerWithHashAloneWhenHoldTimesOut() {
        DaktelaClient client = newUser("idle");
        String hash = client.appPullData("").hash();
        long start = System.nanoTime();
        PullData timeout = client.appPullData(hash);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(timeout.hash()).isEqualTo(hash);
        assertThat(timeout.snapshot()).isFalse();
        assertThat(timeout.hasChanges()).isFalse();
        assertThat(took).isGreaterThanOrEqualTo(HOLD.minusMillis(300)).isLessThan(HOLD.plusSeconds(2));
    }
}
