package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * 500 held long polls through one factory must not slow commands down: they run on their own pool.
 */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConcurrentLongPollTest {

    private static final int POLLS = 500;
    private static final Duration COMMAND_BUDGET = Duration.ofSeconds(1);

    @Test
    void shouldKeepCommandsPromptWhile500PollsAreHeld() {
        SimControl sim = SimControl.newInstance("concurrency");
        sim.queue("1000", "in");
        sim.pause("lunch", null, false);
        String pollerToken = sim.user("poller", "pw", List.of());
        String agentToken = sim.user("agent", "pw", List.of());
        try (DaktelaClients clients = DaktelaClients.create(DaktelaClientOptions.builder()
                .commandPoolSize(4).longPollPoolSize(POLLS).build())) {
            DaktelaClient poller = clients.forUser(sim.pbxUrl(), AccessToken.of(pollerToken));
            DaktelaClient agent = clients.forUser(sim.pbxUrl(), AccessToken.of(agentToken));
            String hash = poller.appPullData("").hash();
            agent.whoAmI();

            List<CompletableFuture<PullData>> polls = new ArrayList<>();
            for (int i = 0; i < POLLS; i++) {
                polls.add(poller.appPullDataAsync(hash).subscribeAsCompletionStage());
            }

            // Measure once the PBX holds them all, so the numbers show pool isolation, not set-up load.
            await().atMost(SimulatorResource.PULL_HOLD.minusMillis(500))
                    .until(() -> sim.state().path("heldPolls").asInt() >= POLLS);
            long allHeld = System.nanoTime();

            List<Duration> latencies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long start = System.nanoTime();
                switch (i % 3) {
                    case 0 -> agent.whoAmI();
                    case 1 -> agent.userSessions().queue("1000", i % 2 == 0, 0);
                    default -> agent.pauses().list(ListQuery.firstPage());
                }
                latencies.add(Duration.ofNanos(System.nanoTime() - start));
            }
            long commandsDone = System.nanoTime();
            assertThat(latencies).allSatisfy(l -> assertThat(l).isLessThan(COMMAND_BUDGET));
            // Every poll was still held while the commands ran: they did not wait for poll connections.
            assertThat(Duration.ofNanos(commandsDone - allHeld)).isLessThan(SimulatorResource.PULL_HOLD.minusSeconds(1));
            assertThat(polls).noneMatch(CompletableFuture::isDone);
            assertThat(sim.state().path("heldPolls").asInt()).isEqualTo(POLLS);

            await().atMost(SimulatorResource.PULL_HOLD.plusSeconds(10))
                    .until(() -> polls.stream().allMatch(CompletableFuture::isDone));
            assertThat(polls).allSatisfy(p -> {
                assertThat(p).isCompletedWithValueMatching(d -> hash.equals(d.hash()) && !d.hasChanges());
            });
        }
    }
}
