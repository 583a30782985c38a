package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConnectionFailureTest {

    @Test
    void shouldMapRefusedConnectionToUnavailableWithoutLeakingToken() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String secret = "refused-token-42";
        DaktelaClientOptions options = DaktelaClientOptions.builder().tokenPlacement(TokenPlacement.QUERY)
                .retryBaseDelay(Duration.ofMillis(10)).retryMaxDelay(Duration.ofMillis(50)).build();
        try (DaktelaClients clients = DaktelaClients.create(options)) {
            DaktelaClient client = clients.forUser(URI.create("http://127.0.0.1:" + port + "/"), AccessToken.of(secret));
            var e = catchThrowableOfType(DaktelaUnavailableException.class, client::whoAmI);
            assertThat(e.status()).isZero();
            assertThat(e.timedOut()).isFalse();
            assertThat(e.getMessage()).contains("GET whoim").doesNotContain(secret);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
        }
    }
}
