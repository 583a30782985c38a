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
 * lease expires, a gracefully stopped one's at once.
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

    @Test
    void shouldPollEachUserOnceAndTakeOverAfterACrashOrAtOnceAfterAShutdown() {
        PbxFixture f = PbxFixture.create();
        String user = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(201).extract().path("id");
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
            a.runOnce();
            assertThat(a.polledUsers()).contains(user);
            assertThat(leases.holders().get(user)).isEqualTo("replica-a");
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }
}
