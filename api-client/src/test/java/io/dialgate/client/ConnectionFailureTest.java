package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
            assertThat(e.mayHaveReachedPbx()).as("no connection: nothing was sent").isFalse();
            assertThat(e.getMessage()).contains("GET whoim").doesNotContain(secret);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
        }
    }

    /**
     * A PBX that answers a byte at a time, never finishing, must not hold a call for ever: the idle
     * time-out never trips, the exchange's deadline (connect plus read time-out) does.
     */
    @Test
    void shouldGiveUpOnAnAnswerThatTricklesForEver() throws Exception {
        String secret = "trickle-token-7";
        try (ServerSocket server = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            Thread pbx = new Thread(() -> trickle(server), "trickling-pbx");
            pbx.setDaemon(true);
            pbx.start();
            DaktelaClientOptions options = DaktelaClientOptions.builder().tokenPlacement(TokenPlacement.QUERY)
                    .connectTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(700)).maxRetries(0).build();
            try (DaktelaClients clients = DaktelaClients.create(options)) {
                DaktelaClient client = clients.forUser(URI.create("http://127.0.0.1:" + server.getLocalPort()), AccessToken.of(secret));
                long started = System.nanoTime();
                var e = catchThrowableOfType(DaktelaUnavailableException.class,
                        () -> client.userSessions().queueAsync("1000", true, 0).await().atMost(Duration.ofSeconds(10)));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
                assertThat(e.timedOut()).isTrue();
                assertThat(e.mayHaveReachedPbx()).as("the request was sent before the time-out").isTrue();
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                }
            }
        }
    }

    /** A PBX that takes the request and sends nothing is given up on after the read time-out, long before the deadline. */
    @Test
    void shouldGiveUpOnASilentPbxAfterTheReadTimeOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            Thread pbx = new Thread(() -> acceptAndSayNothing(server), "silent-pbx");
            pbx.setDaemon(true);
            pbx.start();
            // The exchange's deadline is connect plus read time-out, 5.5 s: only the read time-out ends it sooner.
            DaktelaClientOptions options = DaktelaClientOptions.builder().connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofMillis(500)).maxRetries(0).build();
            try (DaktelaClients clients = DaktelaClients.create(options)) {
                DaktelaClient client = clients.forUser(URI.create("http://127.0.0.1:" + server.getLocalPort()), AccessToken.of("silent"));
                long started = System.nanoTime();
                var e = catchThrowableOfType(DaktelaUnavailableException.class,
                        () -> client.whoAmIAsync().await().atMost(Duration.ofSeconds(10)));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
                assertThat(e.timedOut()).isTrue();
            }
        }
    }

    private static void acceptAndSayNothing(ServerSocket server) {
        try (Socket connection = server.accept()) {
            connection.getInputStream().readAllBytes(); // until the client gives up and closes
        } catch (IOException ignored) {
            // the test has ended
        }
    }

    /** A PBX that reads the whole command and closes the connection unanswered may have acted on it. */
    @Test
    void shouldSayACommandMayHaveReachedThePbxWhenTheConnectionClosesAfterItWasSent() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            Thread pbx = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                } catch (IOException ignored) {
                    // The client's assertions tell what happened.
                }
            }, "hanging-up-pbx");
            pbx.setDaemon(true);
            pbx.start();
            DaktelaClientOptions options = DaktelaClientOptions.builder().maxRetries(0).build();
            try (DaktelaClients clients = DaktelaClients.create(options)) {
                DaktelaClient client = clients.forUser(URI.create("http://127.0.0.1:" + server.getLocalPort()), AccessToken.of("t"));
                var e = catchThrowableOfType(DaktelaUnavailableException.class,
                        () -> client.activities().call().dialAsync("777", "2000").await().atMost(Duration.ofSeconds(10)));
                assertThat(e.timedOut()).isFalse();
                assertThat(e.mayHaveReachedPbx()).isTrue();
            }
        }
    }

    /** Sends a chunked 200 and then one byte every 100 ms (well inside the idle time-out) until the client hangs up. */
    private static void trickle(ServerSocket server) {
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = server.accept()) {
            socket.getInputStream().read(new byte[8192]);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CompletableFuture<Void> hungUp = new CompletableFuture<>();
            pacer.scheduleAtFixedRate(() -> {
                try {
                    out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    hungUp.complete(null);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            hungUp.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Accept failed or the client never hung up: the test's own assertions tell which.
        } finally {
            pacer.shutdownNow();
        }
    }
}
