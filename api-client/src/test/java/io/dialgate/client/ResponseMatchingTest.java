package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every call gets its own, whole response: from a plain thread (the blocking API), in a burst of
 * non-blocking calls started on an event loop (as the gateway makes them), and in every token placement.
 * A body read too late was once lost now and then, and a call saw an empty result instead of its own.
 */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResponseMatchingTest {

    private static SimControl sim;
    private static String token;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("matching");
        sim.pause("lunch", null, false);
        sim.pause("wrap", "wrap", true);
        token = sim.user("alice", "pw", List.of());
    }

    private static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> i % 3 == 0 ? "lunch" : "wrap").toList();
    }

    @Test
    void shouldAnswerEachBlockingCallWithItsOwnResponse() {
        try (DaktelaClients clients = DaktelaClients.create(DaktelaClientOptions.builder().commandPoolSize(4).build())) {
            DaktelaClient alice = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
            List<String> names = names(300);
            for (int i = 0; i < names.size(); i++) {
                assertThat(alice.pauses().get(names.get(i)).name()).as("call %d", i).isEqualTo(names.get(i));
            }
        }
    }

    @Test
    void shouldAnswerEachNonBlockingCallFromAnEventLoopWithItsOwnResponse() throws Exception {
        try (DaktelaClients clients = DaktelaClients.create(DaktelaClientOptions.builder().commandPoolSize(4).build())) {
            DaktelaClient alice = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
            List<String> names = names(300);
            CompletableFuture<List<Pause>> got = new CompletableFuture<>();
            Arc.container().instance(Vertx.class).get().getOrCreateContext().runOnContext(ignored ->
                    Uni.join().all(names.stream().map(n -> alice.pauses().getAsync(n)).toList()).andFailFast()
                            .subscribe().with(got::complete, got::completeExceptionally));
            assertThat(got.get(30, TimeUnit.SECONDS)).extracting(Pause::name).containsExactlyElementsOf(names);
        }
    }

    @Test
    void shouldKeepAnOddRecordNameInOnePathSegment() {
        try (DaktelaClients clients = DaktelaClients.create()) {
            DaktelaClient alice = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
            sim.clearJournal();
            assertThatThrownBy(() -> alice.pauses().get("no such/pause?&x=1")).isInstanceOf(DaktelaNotFoundException.class);
            // Reached the pauses endpoint with the whole name: a slash or '?' left as is would have made another path.
            assertThat(sim.journal("pauses")).singleElement().satisfies(e -> assertThat(e.get("status").asInt()).isEqualTo(404));
        }
    }

    /**
     * A call cancelled while it waits for a free connection is never sent: otherwise a dial or a pause
     * would reach the PBX after its caller had gone.
     */
    @Test
    void shouldNotSendACallCancelledWhileItWaitsForAConnection() {
        sim.clearFaults();
        sim.fault(new java.util.HashMap<>(java.util.Map.of("endpoint", "pauses", "latencyMs", 800, "count", 1, "token", token)));
        try (DaktelaClients clients = DaktelaClients.create(DaktelaClientOptions.builder().commandPoolSize(1).maxRetries(0).build())) {
            DaktelaClient alice = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
            sim.clearJournal();
            CompletableFuture<Pause> first = alice.pauses().getAsync("lunch").subscribeAsCompletionStage();
            CompletableFuture<Pause> second = alice.pauses().getAsync("wrap").subscribeAsCompletionStage();
            second.cancel(true);
            assertThat(first.join().name()).isEqualTo("lunch");
            // The pool's one connection is free again: a third call goes out and is answered, the cancelled one never went.
            assertThat(alice.pauses().get("lunch").name()).isEqualTo("lunch");
            assertThat(sim.journal("pauses")).extracting(e -> e.get("path").asText())
                    .hasSize(2).noneMatch(p -> p.contains("wrap"));
        } finally {
            sim.clearFaults();
        }
    }

    @ParameterizedTest
    @EnumSource(TokenPlacement.class)
    void shouldSendTheTokenWithEveryCall(TokenPlacement placement) {
        try (DaktelaClients clients = DaktelaClients.create(DaktelaClientOptions.builder().tokenPlacement(placement).build())) {
            DaktelaClient alice = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
            for (int i = 0; i < 100; i++) {
                assertThat(alice.whoAmI().user()).as("call %d", i).isPresent();
            }
            assertThat(alice.whoAmIAsync().await().atMost(Duration.ofSeconds(10)).user()).isPresent();
        }
    }
}
