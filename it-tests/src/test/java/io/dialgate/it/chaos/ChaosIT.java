package io.dialgate.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialgate.testsupport.AppProcess;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Failures as an operator meets them, with the packaged apps on loopback: a gateway killed with
 * {@code kill -9} while agents change state, three replicas of which one dies and one is stopped, a
 * PostgreSQL restart, a PBX outage, one replica cut off from the database, and dials whose answer is lost
 * or whose gateway dies mid-call. Each scenario is bounded in time and asserts the promises: no change
 * lost, per-user order kept, no user polled twice, one reachability event pair per outage, no second dial.
 * {@code bench/run chaos} runs the same at a larger scale and writes {@code bench/results/chaos.md}.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class ChaosIT {

    private static final ChaosScale SCALE = ChaosScale.current();

    @AfterAll
    static void writeReport() {
        ChaosReport.writeIfAsked(SCALE);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void a_killingAGatewayWhileAgentsChangeStateLosesNoChange() throws Exception {
        try (ChaosStack stack = new ChaosStack()) {
            stack.startGateway("g1", false, Map.of());
            stack.seedTenant(SCALE.changingUsers);
            AtomicInteger recoveredMs = new AtomicInteger(-1);
            ChangeRun run = ChangeRun.start(stack, SCALE.changes, made -> {
                long killed = System.nanoTime();
                int before = stack.deliveries().size();
                stack.gateway("g1").kill();
                stack.startGateway("g2", false, Map.of());
                await().atMost(Duration.ofSeconds(60)).until(() -> stack.deliveries().size() > before);
                recoveredMs.set((int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
            });
            ChangeRun.Result result = run.finish();
            ChaosReport.add("kill -9 of the only gateway during changes", ChaosReport.figures("changes", result.changes(),
                    "lost", result.lost(), "duplicated deliveries", result.duplicates(), "out of order", result.outOfOrder(),
                    "kill to first event of the new gateway (ms)", recoveredMs.get()));
            assertThat(result.lost()).isZero();
            assertThat(result.outOfOrder()).isZero();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void b_threeReplicasShareUsersTakeOverAndRebalanceWithoutADoublePoll() throws Exception {
        try (ChaosStack stack = new ChaosStack()) {
            startInParallel(stack, "r1", "r2", "r3");
            stack.seedTenant(SCALE.sharedUsers);
            int users = SCALE.sharedUsers;
            DoublePollWatch watch = DoublePollWatch.start(stack);
            long balancedMs = awaitBalanced(stack, List.of("r1", "r2", "r3"), users);

            long failed = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> stack.gateway("r2").close());
            stack.gateway("r1").kill();
            stopped.get(60, TimeUnit.SECONDS);
            await("r3 polls everyone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stack.leasesHeld("r3") == users);
            long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failed);

            startInParallel(stack, "r4", "r5");
            long rejoined = System.nanoTime();
            awaitBalanced(stack, List.of("r3", "r4", "r5"), users);
            long rebalanceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rejoined);
            int doublePolls = watch.stop();

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("users", users);
            figures.put("time to fair shares after start (ms)", balancedMs);
            figures.put("one killed, one stopped: time until the survivor polls all (ms)", takeoverMs);
            figures.put("two new replicas: time until fair shares (ms)", rebalanceMs);
            figures.put("shares after rejoin", stack.leasesHeld("r3") + " / " + stack.leasesHeld("r4") + " / " + stack.leasesHeld("r5"));
            figures.put("samples of the PBX's held polls", watch.samples());
            figures.put("double polls seen", doublePolls);
            ChaosReport.add("three replicas", figures);
            assertThat(doublePolls).isZero();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void c_restartingPostgresUnderLoadLosesNoChange() throws Exception {
        try (ChaosStack stack = new ChaosStack()) {
            stack.startGateway("g1", false, Map.of());
            stack.seedTenant(SCALE.changingUsers);
            AtomicInteger resumedMs = new AtomicInteger(-1);
            ChangeRun run = ChangeRun.start(stack, SCALE.changes, made -> {
                stack.restartDatabase(Duration.ofSeconds(3));
                long up = System.nanoTime();
                int before = stack.deliveries().size();
                await().atMost(Duration.ofSeconds(60)).until(() -> stack.deliveries().size() > before);
                resumedMs.set((int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up));
            });
            ChangeRun.Result result = run.finish();
            String log = java.nio.file.Files.readString(stack.gateway("g1").log());
            long stackTraces = log.lines().filter(l -> l.startsWith("\tat ")).count();
            ChaosReport.add("PostgreSQL restarted (3 s down) during changes", ChaosReport.figures("changes", result.changes(), "lost", result.lost(),
                    "duplicated deliveries", result.duplicates(), "out of order", result.outOfOrder(),
                    "database up to first new event (ms)", resumedMs.get(), "stack-trace lines in the gateway log", stackTraces));
            assertThat(result.lost()).isZero();
            assertThat(result.outOfOrder()).isZero();
            assertThat(log).containsOnlyOnce("Database unreachable").contains("Database available again");
            assertThat(stackTraces).as("no stack trace for an outage the gateway reports itself").isZero();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void d_aPbxOutageGivesOneEventPairAndEveryoneIsPolledAgainWithinSeconds() throws Exception {
        try (ChaosStack stack = new ChaosStack()) {
            stack.startGateway("g1", false, Map.of());
            stack.seedTenant(SCALE.changingUsers);
            stack.pbx.clearJournal();
            stack.pbx.fault(Map.of("status", 503));
            await("pbx.unreachable").atMost(Duration.ofSeconds(30)).until(() -> stack.deliveriesOfType("pbx.unreachable") == 1);
            Duration down = Duration.ofSeconds(SCALE.pbxDownSeconds);
            await("users wait, none polls, while the PBX is down").during(down).atMost(down.plusSeconds(15))
                    .until(() -> stack.maxHeldPollsPerUser() == 0);
            int requestsDuringOutage = stack.pbx.journal().size();
            stack.pbx.clearFaults();
            long back = System.nanoTime();
            stack.logins.forEach(login -> stack.pbx.ring(login, "+420600000000", "1000"));
            await("every user polled again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stack.userIds.values().stream().allMatch(id -> !stack.distinctEvents(id, "call.ringing").isEmpty()));
            long againMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            await("pbx.reachable").atMost(Duration.ofSeconds(30)).until(() -> stack.deliveriesOfType("pbx.reachable") == 1);
            ChaosReport.add("PBX down " + SCALE.pbxDownSeconds + " s", ChaosReport.figures("users", stack.userIds.size(),
                    "requests to the PBX during the outage", requestsDuringOutage,
                    "PBX back to every user's change delivered (ms)", againMs,
                    "pbx.unreachable events", stack.deliveriesOfType("pbx.unreachable"),
                    "pbx.reachable events", stack.deliveriesOfType("pbx.reachable")));
            assertThat(stack.deliveriesOfType("pbx.unreachable")).isEqualTo(1);
            assertThat(stack.deliveriesOfType("pbx.reachable")).isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void e_aReplicaCutOffFromPostgresStopsPollingBeforeAnotherTakesOver() throws Exception {
        try (ChaosStack stack = new ChaosStack()) {
            stack.startGateway("n1", true, Map.of());
            stack.startGateway("n2", true, Map.of());
            int users = SCALE.sharedUsers;
            stack.seedTenant(users);
            awaitBalanced(stack, List.of("n1", "n2"), users);
            DoublePollWatch watch = DoublePollWatch.start(stack);

            long cut = System.nanoTime();
            stack.link("n1").blackhole();
            await("n2 polls everyone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stack.leasesHeld("n2") == users);
            long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
            await("the cut-off replica stays stopped").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
                    .until(() -> stack.leasesHeld("n1") == 0);
            stack.link("n1").restore();
            long healed = System.nanoTime();
            awaitBalanced(stack, List.of("n1", "n2"), users);
            long rebalanceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed);
            int doublePolls = watch.stop();
            ChaosReport.add("network cut between a replica and PostgreSQL", ChaosReport.figures("users", users,
                    "cut to the other replica polling all (ms)", takeoverMs, "link healed to fair shares (ms)", rebalanceMs,
                    "samples of the PBX's held polls", watch.samples(), "double polls seen", doublePolls));
            assertThat(doublePolls).isZero();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void f_aDialWhoseAnswerIsLostOrWhoseGatewayDiesIsDialledOnce() throws Exception {
        Map<String, String> quickResolve = Map.of("DIALGATE_IDEMPOTENCY_IN_PROGRESS_TIMEOUT", "5s");
        try (ChaosStack stack = new ChaosStack()) {
            stack.startGateway("g1", false, quickResolve);
            stack.seedTenant(1);
            String user = stack.userIds.get("u0");
            stack.api().put("/v1/users/" + user + "/queues/2000").then().statusCode(200);
            Map<String, String> call = Map.of("number", "+420700100200", "queue", "2000");

            // The PBX places the call, then the connection is reset before its answer.
            stack.pbx.clearJournal();
            stack.pbx.fault(Map.of("endpoint", "activities", "afterAction", true, "drop", true, "count", 1));
            String lost = UUID.randomUUID().toString();
            int first = dial(stack, user, lost, call).statusCode();
            Response retry = dial(stack, user, lost, call);
            int lostAnswerDials = dials(stack);

            // The gateway dies while the PBX works on the dial.
            stack.pbx.clearJournal();
            stack.pbx.fault(Map.of("endpoint", "activities", "latencyMs", 3000, "count", 1));
            String crashed = UUID.randomUUID().toString();
            ExecutorService caller = Executors.newSingleThreadExecutor();
            Future<Integer> inFlight = caller.submit(() -> dial(stack, user, crashed, call).statusCode());
            // The dial reaches the PBX, which answers only after 3 s: kill the gateway while it waits.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !inFlight.isDone());
            stack.gateway("g1").kill();
            caller.shutdownNow();
            stack.startGateway("g2", false, quickResolve);
            Response resolved = await("the retry resolves the key from the PBX").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> dial(stack, user, crashed, call), r -> r.statusCode() == 201);
            int crashDials = dials(stack);
            ChaosReport.add("dials with an Idempotency-Key", ChaosReport.figures("answer lost after the PBX acted: first status", first,
                    "answer lost: retry status", retry.statusCode(), "answer lost: dials", lostAnswerDials,
                    "kill -9 mid-call: retry status after restart", resolved.statusCode(), "kill -9 mid-call: dials", crashDials));
            assertThat(retry.statusCode()).isEqualTo(201);
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(lostAnswerDials).isEqualTo(1);
            assertThat(resolved.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(crashDials).isEqualTo(1);
        }
    }

    private static Response dial(ChaosStack stack, String user, String key, Map<String, String> call) {
        return stack.api().header("Idempotency-Key", key).body(call).post("/v1/users/" + user + "/calls");
    }

    private static int dials(ChaosStack stack) {
        return (int) stack.pbx.journal().stream()
                .filter(e -> "POST".equals(e.path("method").asText()) && e.path("path").asText().contains("activities")).count();
    }

    private static void startInParallel(ChaosStack stack, String... names) throws Exception {
        List<CompletableFuture<AppProcess>> starting = new ArrayList<>();
        for (String name : names) {
            starting.add(CompletableFuture.supplyAsync(() -> stack.startGateway(name, false, Map.of())));
        }
        for (CompletableFuture<AppProcess> s : starting) {
            s.get(3, TimeUnit.MINUTES);
        }
    }

    /** Waits until every named replica holds its fair share (users / replicas, rounded up, or one less); returns ms. */
    private static long awaitBalanced(ChaosStack stack, List<String> replicas, int users) {
        long started = System.nanoTime();
        int share = (users + replicas.size() - 1) / replicas.size();
        await("fair shares on " + replicas).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            int total = 0;
            for (String r : replicas) {
                int held = stack.leasesHeld(r);
                if (held > share || held < share - 1) {
                    return false;
                }
                total += held;
            }
            return total == users;
        });
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Samples the PBX's held polls per user until stopped; counts samples where a user had two. */
    static final class DoublePollWatch {
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger samples = new AtomicInteger();
        private final AtomicInteger doubles = new AtomicInteger();

        static DoublePollWatch start(ChaosStack stack) {
            DoublePollWatch watch = new DoublePollWatch();
            watch.sampler.scheduleWithFixedDelay(() -> {
                try {
                    if (stack.maxHeldPollsPerUser() > 1) {
                        watch.doubles.incrementAndGet();
                    }
                    watch.samples.incrementAndGet();
                } catch (RuntimeException e) {
                    // A sample lost to a busy simulator is just one sample fewer.
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            return watch;
        }

        int samples() {
            return samples.get();
        }

        int stop() {
            sampler.shutdownNow();
            return doubles.get();
        }
    }

    /**
     * Pause changes made straight on the PBX, closed-loop per user: each change waits (bounded) for its
     * event before the next, so every change is distinct and countable. After a third of the changes the
     * disruption runs, on its own thread, while the changes go on.
     */
    static final class ChangeRun {
        record Result(int changes, int lost, int duplicates, int outOfOrder) {
        }

        private final ChaosStack stack;
        private final ExecutorService users;
        private final List<Future<Integer>> made = new ArrayList<>();
        private final CompletableFuture<Void> disruption;

        private ChangeRun(ChaosStack stack, int changes, Consumer<Integer> disrupt) {
            this.stack = stack;
            this.users = Executors.newFixedThreadPool(stack.logins.size());
            int perUser = Math.max(2, changes / stack.logins.size());
            AtomicInteger total = new AtomicInteger();
            CompletableFuture<Void> third = new CompletableFuture<>();
            for (String login : stack.logins) {
                made.add(users.submit(() -> {
                    String id = stack.userIds.get(login);
                    int done = 0;
                    for (int k = 0; k < perUser; k++) {
                        stack.togglePause(login, k % 2 == 0);
                        done++;
                        if (total.incrementAndGet() >= changes / 3) {
                            third.complete(null);
                        }
                        int expected = done;
                        try {
                            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(25))
                                    .until(() -> stack.distinctEvents(id, "pause.").size() >= expected);
                        } catch (org.awaitility.core.ConditionTimeoutException late) {
                            // Counted as lost below if it never arrives.
                        }
                    }
                    return done;
                }));
            }
            this.disruption = third.thenRunAsync(() -> disrupt.accept(total.get()));
        }

        static ChangeRun start(ChaosStack stack, int changes, Consumer<Integer> disrupt) {
            return new ChangeRun(stack, changes, disrupt);
        }

        Result finish() throws Exception {
            disruption.get(3, TimeUnit.MINUTES);
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (int i = 0; i < stack.logins.size(); i++) {
                expected.put(stack.userIds.get(stack.logins.get(i)), made.get(i).get(5, TimeUnit.MINUTES));
            }
            users.shutdown();
            try {
                await("every change delivered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> expected.entrySet().stream()
                                .allMatch(e -> stack.distinctEvents(e.getKey(), "pause.").size() >= e.getValue()));
            } catch (org.awaitility.core.ConditionTimeoutException stillMissing) {
                // Reported as lost.
            }
            int changes = 0;
            int lost = 0;
            int outOfOrder = 0;
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                List<JsonNode> events = stack.distinctEvents(e.getKey(), "pause.");
                changes += e.getValue();
                lost += Math.max(0, e.getValue() - events.size());
                for (int k = 0; k < events.size(); k++) {
                    String wanted = k % 2 == 0 ? "pause.started" : "pause.ended";
                    if (!wanted.equals(events.get(k).path("type").asText())) {
                        outOfOrder++;
                    }
                }
            }
            long pauseDeliveries = stack.deliveries().stream().filter(d -> d.path("type").asText().startsWith("pause.")).count();
            long distinct = stack.deliveries().stream().filter(d -> d.path("type").asText().startsWith("pause."))
                    .map(d -> d.path("id").asText()).distinct().count();
            return new Result(changes, lost, (int) (pauseDeliveries - distinct), outOfOrder);
        }
    }
}
