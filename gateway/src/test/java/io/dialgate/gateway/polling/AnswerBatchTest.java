package io.dialgate.gateway.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.client.DaktelaClient;
import io.dialgate.client.PullData;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.pbx.PbxClients;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Poll answers recorded in batches ({@link AnswerBatcher}, {@link StateRecorder#recordAll}), with real answers of
 * the simulator and the app's own poller off: the leases are set by hand, and the batcher's writer runs when the
 * test says, so that the answers queued before it form one batch.
 */
@QuarkusTest
@TestProfile(PollingReplicasTest.ManualPolling.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class AnswerBatchTest {

    private static final String REPLICA = "batch-a";

    @Inject
    StateRecorder recorder;
    @Inject
    LeaseStore leases;
    @Inject
    PollTargets targets;
    @Inject
    PbxClients clients;
    @Inject
    EntityManager em;

    /** Runs the batcher's writers only when asked. */
    private final Deque<Runnable> writers = new ArrayDeque<>();
    /** This test's users, whose leases no replica of this profile polls: they must not count in the others' shares. */
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void forgetUsers() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE pbx_user SET monitored = false WHERE id = ANY(?1)")
                    .setParameter(1, created.toArray(String[]::new)).executeUpdate();
            em.createNativeQuery("DELETE FROM poll_lease WHERE user_id = ANY(?1)")
                    .setParameter(1, created.toArray(String[]::new)).executeUpdate();
        });
    }

    private AnswerBatcher batcher(int maxBatch) {
        return new AnswerBatcher(REPLICA, recorder, maxBatch, 1, writers::add);
    }

    private void runWriters() {
        for (Runnable writer = writers.poll(); writer != null; writer = writers.poll()) {
            writer.run();
        }
    }

    /** A monitored user of the fixture's PBX, with a client of its own. */
    private record Agent(String id, PollTarget target, DaktelaClient client) {
    }

    private List<Agent> agents(PbxFixture f, int n) {
        List<String> ids = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String token = "tok-batch-" + i + "-" + UUID.randomUUID();
            f.pbx.addUser("batch" + i, "pw", token, List.of());
            tokens.add(token);
            ids.add(f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "batch" + i, "accessToken", token))
                    .post("/v1/users").then().statusCode(201).extract().path("id"));
        }
        created.addAll(ids);
        leases.syncWithMonitoredUsersAcrossTenants();
        ids.forEach(id -> holdLease(id, REPLICA));
        Map<String, PollTargets.Loaded> loaded = targets.loadPollableAcrossTenants(ids);
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            agents.add(new Agent(ids.get(i), loaded.get(ids.get(i)).target(), clients.forUser(f.pbx.pbxUrl(), tokens.get(i))));
        }
        return agents;
    }

    private void holdLease(String userId, String replica) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                UPDATE poll_lease SET locked_by = ?1, locked_until = now() + interval '10 minutes' WHERE user_id = ?2""")
                .setParameter(1, replica).setParameter(2, userId).executeUpdate());
    }

    /** Records every agent's first snapshot (the baseline, no events) and returns its hash by user. */
    private Map<String, String> baseline(List<Agent> agents) {
        List<StateRecorder.Answer> answers = new ArrayList<>();
        for (Agent a : agents) {
            answers.add(new StateRecorder.Answer(a.target(), a.client().appPullData("")));
        }
        List<StateRecorder.Outcome> outcomes = recorder.recordAll(REPLICA, answers);
        assertThat(outcomes).allMatch(StateRecorder.Outcome::leaseHeld);
        Map<String, String> hashes = new java.util.HashMap<>();
        for (int i = 0; i < agents.size(); i++) {
            hashes.put(agents.get(i).id(), answers.get(i).data().hash());
        }
        return hashes;
    }

    private List<String> eventTypes(String userId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT type FROM event WHERE user_id = ?1 ORDER BY sequence", String.class).setParameter(1, userId).getResultList());
    }

    private String storedHash(String userId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT hash FROM user_state WHERE user_id = ?1").setParameter(1, userId).getSingleResult());
    }

    private long deliveriesOf(String userId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                SELECT count(*) FROM webhook_delivery d JOIN event e ON e.id = d.event_id WHERE e.user_id = ?1""")
                .setParameter(1, userId).getSingleResult()).longValue());
    }

    private static <T> T result(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get();
    }

    @Test
    void shouldWriteTheOthersButNotAnAnswerWhoseLeaseWasLost() throws Exception {
        PbxFixture f = PbxFixture.create();
        f.tenant.request().body(Map.of("url", "http://127.0.0.1:9/hooks", "eventTypes", List.of(), "description", "batch"))
                .post("/v1/webhooks").then().statusCode(201);
        List<Agent> agents = agents(f, 3);
        Map<String, String> hashes = baseline(agents);
        Agent lost = agents.get(1);
        holdLease(lost.id(), "batch-b"); // another replica took the lease over

        AnswerBatcher batcher = batcher(10);
        List<CompletionStage<StateRecorder.Outcome>> outcomes = new ArrayList<>();
        for (Agent a : agents) {
            a.client().userSessions().pause("lunch");
            outcomes.add(batcher.submit(a.target(), a.client().appPullData(hashes.get(a.id()))));
        }
        assertThat(writers).as("one writer for the three answers").hasSize(1);
        runWriters();

        assertThat(result(outcomes.get(0))).isEqualTo(new StateRecorder.Outcome(true, 1));
        assertThat(result(outcomes.get(1))).isEqualTo(new StateRecorder.Outcome(false, 0));
        assertThat(result(outcomes.get(2))).isEqualTo(new StateRecorder.Outcome(true, 1));
        for (Agent written : List.of(agents.get(0), agents.get(2))) {
            assertThat(eventTypes(written.id())).containsExactly("pause.started");
            assertThat(deliveriesOf(written.id())).as("the event's delivery, in the same transaction").isEqualTo(1);
            assertThat(storedHash(written.id())).isNotEqualTo(hashes.get(written.id()));
        }
        assertThat(eventTypes(lost.id())).as("not written: the lease is another replica's").isEmpty();
        assertThat(storedHash(lost.id())).as("its state is left for the lease holder").isEqualTo(hashes.get(lost.id()));
    }

    @Test
    void shouldLoseNoAnswerWhenTheBatchTransactionFails() throws Exception {
        PbxFixture f = PbxFixture.create();
        List<Agent> agents = agents(f, 3);
        Map<String, String> hashes = baseline(agents);
        Agent bad = agents.get(1);
        // A stray event already has the sequence the bad user's next event gets: its insert fails, and with it
        // the batch's transaction.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO event (id, tenant_id, user_id, type, sequence, occurred_at, data, created_at)
                VALUES (?1, ?2, ?3, 'user.test', 1, now(), '{}'::jsonb, now())""")
                .setParameter(1, "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26))
                .setParameter(2, f.tenant.id()).setParameter(3, bad.id()).executeUpdate());

        AnswerBatcher batcher = batcher(10);
        List<PullData> answers = new ArrayList<>();
        List<CompletionStage<StateRecorder.Outcome>> outcomes = new ArrayList<>();
        for (Agent a : agents) {
            a.client().userSessions().pause("lunch");
            PullData answer = a.client().appPullData(hashes.get(a.id()));
            answers.add(answer);
            outcomes.add(batcher.submit(a.target(), answer));
        }
        runWriters();

        assertThat(result(outcomes.get(0))).isEqualTo(new StateRecorder.Outcome(true, 1));
        assertThat(result(outcomes.get(2))).isEqualTo(new StateRecorder.Outcome(true, 1));
        CompletableFuture<StateRecorder.Outcome> failed = outcomes.get(1).toCompletableFuture();
        assertThat(failed).as("the bad answer fails alone, back to its loop").isCompletedExceptionally();
        org.assertj.core.api.Assertions.assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class);
        assertThat(eventTypes(agents.get(0).id())).containsExactly("pause.started");
        assertThat(eventTypes(agents.get(2).id())).containsExactly("pause.started");
        assertThat(storedHash(bad.id())).as("nothing of it written").isEqualTo(hashes.get(bad.id()));

        // Its loop records the same answer again later; once the conflict is gone it is written.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM event WHERE user_id = ?1 AND type = 'user.test'")
                .setParameter(1, bad.id()).executeUpdate());
        CompletionStage<StateRecorder.Outcome> again = batcher.submit(bad.target(), answers.get(1));
        runWriters();
        assertThat(result(again)).isEqualTo(new StateRecorder.Outcome(true, 1));
        assertThat(eventTypes(bad.id())).containsExactly("pause.started");
    }

    @Test
    void shouldRecordOneUsersAnswersInOrderAcrossBatches() throws Exception {
        PbxFixture f = PbxFixture.create();
        List<Agent> agents = agents(f, 2);
        Map<String, String> hashes = baseline(agents);
        Agent busy = agents.get(0);
        Agent other = agents.get(1);

        // Three answers of one user, each a change on the previous one, queued together with another user's (second).
        List<PullData> answers = new ArrayList<>();
        busy.client().userSessions().pause("lunch");
        answers.add(busy.client().appPullData(hashes.get(busy.id())));
        busy.client().userSessions().unpause();
        answers.add(busy.client().appPullData(answers.get(0).hash()));
        busy.client().userSessions().pause("wrap");
        answers.add(busy.client().appPullData(answers.get(1).hash()));
        other.client().userSessions().pause("lunch");
        PullData otherAnswer = other.client().appPullData(hashes.get(other.id()));

        AnswerBatcher batcher = batcher(10);
        List<CompletionStage<StateRecorder.Outcome>> outcomes = new ArrayList<>();
        outcomes.add(batcher.submit(busy.target(), answers.get(0)));
        CompletionStage<StateRecorder.Outcome> otherOutcome = batcher.submit(other.target(), otherAnswer);
        outcomes.add(batcher.submit(busy.target(), answers.get(1)));
        outcomes.add(batcher.submit(busy.target(), answers.get(2)));
        runWriters();

        for (CompletionStage<StateRecorder.Outcome> outcome : outcomes) {
            assertThat(result(outcome)).isEqualTo(new StateRecorder.Outcome(true, 1));
        }
        assertThat(result(otherOutcome)).isEqualTo(new StateRecorder.Outcome(true, 1));
        assertThat(eventTypes(busy.id())).containsExactly("pause.started", "pause.ended", "pause.started");
        assertThat(storedHash(busy.id())).isEqualTo(answers.get(2).hash());
        // One user's answers went into three transactions, one after the other; the other user's shared the first
        // (no batch holds two answers of one user, and a batch stops before a user's second answer).
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT user_id, sequence, txid::text FROM event WHERE user_id IN (?1, ?2) ORDER BY user_id = ?1 DESC, sequence""")
                .setParameter(1, busy.id()).setParameter(2, other.id()).getResultList());
        List<Long> busyTx = rows.subList(0, 3).stream().map(r -> Long.parseLong((String) r[2])).toList();
        assertThat(rows.subList(0, 3)).extracting(r -> ((Number) r[1]).longValue()).containsExactly(1L, 2L, 3L);
        assertThat(busyTx).isSorted().doesNotHaveDuplicates();
        assertThat(Long.parseLong((String) rows.get(3)[2])).as("the other user's answer shared the first batch").isEqualTo(busyTx.get(0));
    }
}
