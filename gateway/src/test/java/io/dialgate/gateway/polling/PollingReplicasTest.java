package io.dialgate.gateway.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two "replicas" (workers with their own ids) sharing one database, with the app's own poller off:
 * a user is polled by one of them at a time; a crashed replica's users are taken over once its
 * heartbeat is old enough that it has stopped polling by itself (or its leases run out, if sooner), a gracefully
 * stopped one's at once.
 */
@QuarkusTest
@TestProfile(PollingReplicasTest.ManualPolling.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class PollingReplicasTest {

    public static class ManualPolling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dialgate.polling.enabled", "false", "dialgate.polling.lease", "3s");
        }
    }

    @Inject
    PollingConfig config;
    @Inject
    LeaseStore leases;

    @Inject
    ExtraReplicas replicas;

    private PollingWorker worker(String name) {
        return replicas.worker(name);
    }

    /** Registers a user of the fixture's PBX through the API and returns its id. */
    private static String register(PbxFixture f, String login, String token) {
        return f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", login, "accessToken", token))
                .post("/v1/users").then().statusCode(201).extract().path("id");
    }

    @Test
    void shouldPollEachUserOnceAndTakeOverAfterACrashOrAtOnceAfterAShutdown() {
        PbxFixture f = PbxFixture.create();
        String user = register(f, "agent", f.agentToken);
        PollingWorker a = worker("replica-a");
        PollingWorker b = worker("replica-b");
        try {
            a.runOnce();
            b.runOnce();
            assertThat(a.polledUsers()).contains(user);
            assertThat(b.polledUsers()).doesNotContain(user);

            a.abandon(); // crash: loops gone, lease left behind
            Instant crashed = Instant.now();
            b.runOnce();
            assertThat(b.polledUsers()).as("the lease is still A's").doesNotContain(user);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                b.runOnce();
                return b.polledUsers().contains(user);
            });
            assertThat(Duration.between(crashed, Instant.now())).isLessThan(config.lease().plusSeconds(2));
            assertThat(leases.holders().get(user)).isEqualTo("replica-b");

            b.shutdown(); // graceful: the lease is released at once
            assertThat(leases.holders().get(user)).as("released by the shutdown itself").isNotEqualTo("replica-b");
            // Taken on the next pass of a replica with room: A, or this application's own replica when users left by
            // other tests fill A's fair share. Either way long before the lease would have run out.
            Instant shutDown = Instant.now();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                a.runOnce();
                return leases.holders().get(user) != null;
            });
            assertThat(Duration.between(shutDown, Instant.now())).isLessThan(config.lease().dividedBy(2));
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    void shouldTakeOverASilentReplicasUsersBeforeItsLeasesRunOut() {
        PbxFixture f = PbxFixture.create();
        String user = register(f, "agent", f.agentToken);
        Duration lease = Duration.ofSeconds(8);
        PollingWorker a = replicas.worker("silent-a", lease);
        PollingWorker b = replicas.worker("silent-b", lease);
        try {
            Instant leaseEnds = Instant.now().plus(lease); // at the latest: the claim below sets it a little later
            a.runOnce();
            assertThat(a.polledUsers()).contains(user);
            a.abandon(); // killed just after it took (and so renewed) the lease: a whole lease is left on it
            Instant killed = Instant.now();

            b.runOnce();
            assertThat(b.polledUsers()).as("A's heartbeat is still fresh").doesNotContain(user);
            await().atMost(lease).pollInterval(Duration.ofMillis(200)).until(() -> {
                b.runOnce();
                return b.polledUsers().contains(user);
            });
            Instant takenOver = Instant.now();
            assertThat(takenOver).as("taken before A's lease ran out").isBefore(leaseEnds);
            assertThat(Duration.between(killed, takenOver)).as("not before A has stopped polling by itself")
                    .isGreaterThanOrEqualTo(a.fenceAfter());
            assertThat(leases.holders().get(user)).isEqualTo("silent-b");
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    void shouldWaitForASilentReplicasOwnSilenceTimeNotItsOwn() {
        PbxFixture f = PbxFixture.create();
        String user = register(f, "agent", f.agentToken);
        // A replica with a long lease (a rolling change of the setting, say) stops polling much later after a lost
        // renewal than one with the short test lease would: the others must wait for its time.
        PollingWorker slow = replicas.worker("long-lease", Duration.ofSeconds(60));
        PollingWorker quick = worker("short-lease");
        try {
            slow.runOnce();
            assertThat(slow.polledUsers()).contains(user);
            slow.abandon();
            Duration quicksOwn = quick.silentAfter();
            await().during(quicksOwn.plusSeconds(2)).atMost(quicksOwn.plusSeconds(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        quick.runOnce();
                        return !quick.polledUsers().contains(user);
                    });
            assertThat(leases.holders().get(user)).isEqualTo("long-lease");
        } finally {
            // Not left held by nobody for the other tests: it may have claimed other tests' users too.
            leases.release("long-lease", leases.holders().entrySet().stream()
                    .filter(held -> held.getValue().equals("long-lease")).map(Map.Entry::getKey).toList());
            slow.shutdown();
            quick.shutdown();
        }
    }

    @Test
    void shouldClaimAndPollNothingInAPassThatComesAfterItsShutdown() {
        PbxFixture f = PbxFixture.create();
        String user = register(f, "agent", f.agentToken);
        PollingWorker late = worker("replica-late");
        late.shutdown();
        // The scheduler may fire one more supervision pass while the application stops: it must not take leases,
        // beat the heartbeat or start loops that nobody would stop.
        assertThat(late.runOnce()).as("loops started by a pass after the shutdown").isZero();
        assertThat(late.polledUsers()).isEmpty();
        assertThat(leases.holders().get(user)).isNotEqualTo("replica-late");
        assertThat(leases.holders()).doesNotContainValue("replica-late");
    }

    @Test
    void shouldSpreadUsersOverTheLiveReplicasWithoutEverPollingOneTwice() {
        PbxFixture f = PbxFixture.create();
        java.util.List<String> users = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String token = "tok-spread-" + i + "-" + java.util.UUID.randomUUID();
            f.pbx.addUser("spread" + i, "pw", token, java.util.List.of());
            users.add(register(f, "spread" + i, token));
        }
        PollingWorker a = worker("spread-a");
        PollingWorker b = worker("spread-b");
        PollingWorker c = worker("spread-c");
        java.util.List<PollingWorker> all = new java.util.ArrayList<>(java.util.List.of(a, b, c));
        try {
            a.runOnce();
            assertThat(a.polledUsers()).as("alone, A polls everyone").containsAll(users);

            // B and C join (a rolling restart's new replicas, or a scale-up): A hands over, they take over.
            passesUntilBalanced(all);
            int total = totalPolled(all);
            for (PollingWorker w : all) {
                assertThat(w.polledUsers().size()).as(w.replica() + "'s share").isBetween(leastShare(total, 3), fairShare(total, 3));
            }

            // A fourth replica added later gets its share too.
            PollingWorker d = worker("spread-d");
            all.add(d);
            passesUntilBalanced(all);
            assertThat(d.polledUsers().size()).isBetween(leastShare(totalPolled(all), 4), fairShare(totalPolled(all), 4));

            // C dies: once its heartbeat has been silent long enough, the others poll its users, still once each.
            java.util.Set<String> orphaned = c.polledUsers();
            c.abandon();
            all.remove(c);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                passOnce(all);
                return union(all).containsAll(orphaned);
            });
            assertThat(union(all)).containsAll(users);
        } finally {
            a.shutdown();
            b.shutdown();
            c.shutdown();
            all.forEach(PollingWorker::shutdown);
        }
    }

    @Test
    void shouldStopPollingBeforeItsLeasesCanExpireWhenItCannotRenewThem() {
        PbxFixture f = PbxFixture.create();
        String user = register(f, "agent", f.agentToken);
        MovableClock clock = new MovableClock();
        PollingWorker a = replicas.worker("fenced-a", clock);
        try {
            a.runOnce();
            assertThat(a.polledUsers()).contains(user);
            assertThat(a.fenceIfStale()).as("just renewed").isFalse();

            // No renewal for most of the margin (the database cut off): stop before any lease can end.
            clock.advance(a.fenceAfter().plusMillis(1));
            assertThat(a.fenceIfStale()).isTrue();
            assertThat(a.polledUsers()).isEmpty();
            assertThat(leases.holders().get(user)).as("the lease is still A's: nobody else polls meanwhile").isEqualTo("fenced-a");
            long pulls = pulls(f);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> pulls(f) <= pulls + 1);

            // The database answers again: A retakes its own leases at once, without waiting for them to expire.
            a.runOnce();
            assertThat(a.polledUsers()).contains(user);
        } finally {
            a.shutdown();
        }
    }

    private static long pulls(PbxFixture f) {
        return f.pbx.journal().stream().filter(e -> e.path("path").asText().contains("appPullData")).count();
    }

    /** A clock that tests move on by hand; it starts at the real now. */
    static final class MovableClock extends java.time.Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Runs every replica until no one hands over or takes anything, checking after each pass that no user is polled twice. */
    private static void passesUntilBalanced(java.util.List<PollingWorker> replicas) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            java.util.Map<String, Integer> before = sizes(replicas);
            passOnce(replicas);
            passOnce(replicas);
            return before.equals(sizes(replicas));
        });
    }

    private static void passOnce(java.util.List<PollingWorker> replicas) {
        for (PollingWorker w : replicas) {
            w.runOnce();
            assertNoDoublePoll(replicas);
        }
    }

    private static void assertNoDoublePoll(java.util.List<PollingWorker> replicas) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PollingWorker w : replicas) {
            for (String u : w.polledUsers()) {
                assertThat(seen.add(u)).as("user " + u + " polled by two replicas").isTrue();
            }
        }
    }

    private static java.util.Map<String, Integer> sizes(java.util.List<PollingWorker> replicas) {
        java.util.Map<String, Integer> sizes = new java.util.HashMap<>();
        replicas.forEach(w -> sizes.put(w.replica(), w.polledUsers().size()));
        return sizes;
    }

    /** The most one of {@code replicas} polls: the users divided by the replicas, rounded up. */
    private static int fairShare(int users, int replicas) {
        return (users + replicas - 1) / replicas;
    }

    /**
     * The least one of {@code replicas} polls once they are balanced: what is left when every other one polls its
     * fair share (13 users on 4 replicas may settle as 4, 4, 4 and 1, since no replica is above its share).
     */
    private static int leastShare(int users, int replicas) {
        return Math.max(0, users - (replicas - 1) * fairShare(users, replicas));
    }

    private static int totalPolled(java.util.List<PollingWorker> replicas) {
        return replicas.stream().mapToInt(w -> w.polledUsers().size()).sum();
    }

    private static java.util.Set<String> union(java.util.List<PollingWorker> replicas) {
        java.util.Set<String> all = new java.util.HashSet<>();
        replicas.forEach(w -> all.addAll(w.polledUsers()));
        return all;
    }
}
