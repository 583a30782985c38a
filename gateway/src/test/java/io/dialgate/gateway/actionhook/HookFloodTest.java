package io.dialgate.gateway.actionhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hook requests cannot stall the gateway: unsigned ones and those for unknown hooks are answered before their
 * body is read, a trickled body is cut off, and hundreds of slow bodies in flight leave the API and readiness
 * answering. Raw sockets on loopback play the slow senders.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class HookFloodTest {

    private static final String SIGNED_HEADERS = "webhook-id: msg_1\r\nwebhook-timestamp: 1700000000\r\n"
            + "webhook-signature: v1,AAAA\r\n";

    @TestHTTPResource("/")
    URL base;

    /** Opens a connection from {@code local} and sends a POST's head and {@code sent} of its {@code declared} body bytes. */
    private Socket slowPost(String local, String path, String headers, int declared, int sent) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 2000);
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + declared
                + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write("{".repeat(sent).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The status line and body of the answer (the connection is closed by the gateway or after the body). */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        StringBuilder text = new StringBuilder();
        for (int n; (n = in.read(buffer)) > 0;) {
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            if (text.indexOf("}") > 0 && text.indexOf("\r\n\r\n") > 0) {
                break;
            }
        }
        return text.toString();
    }

    private String newHook() {
        Api.TestTenant tenant = Api.newTenant();
        String url = tenant.request().body(Map.of()).post("/v1/action-hooks").then().statusCode(201).extract().path("url");
        return URI.create(url).getPath();
    }

    @Test
    void shouldRefuseAnUnsignedRequestWithoutWaitingForItsBody() throws Exception {
        try (Socket socket = slowPost("127.0.0.1", newHook(), "", 1000, 0)) {
            String answer = answer(socket);
            assertThat(answer).startsWith("HTTP/1.1 401").contains("application/problem+json").contains("webhook-signature");
        }
    }

    @Test
    void shouldRefuseAnUnknownHookWithoutWaitingForItsBody() throws Exception {
        try (Socket socket = slowPost("127.0.0.1", "/hooks/actions/ahk_00000000000000000000000000", SIGNED_HEADERS, 1000, 0)) {
            assertThat(answer(socket)).startsWith("HTTP/1.1 404").contains("\"code\":\"not_found\"");
        }
    }

    @Test
    void shouldCutOffABodyThatDoesNotArriveInTime() throws Exception {
        try (Socket socket = slowPost("127.0.0.1", newHook(), SIGNED_HEADERS, 1000, 10)) {
            // The test profile allows 12 s for the body.
            assertThat(answer(socket)).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
        }
    }

    @Test
    void shouldAnswerTheApiAndReadinessWhile300SlowBodiesAreInFlight() throws Exception {
        String hook = newHook();
        Api.TestTenant tenant = Api.newTenant();
        List<HttpRequest> requests = List.of(
                HttpRequest.newBuilder(URI.create(base + "v1/users")).header("Authorization", "Bearer " + tenant.apiKey())
                        .timeout(Duration.ofSeconds(5)).build(),
                HttpRequest.newBuilder(URI.create(base + "q/health/ready")).timeout(Duration.ofSeconds(5)).build());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        for (HttpRequest request : requests) {
            http.send(request, HttpResponse.BodyHandlers.discarding()); // warm: the first call of each is not the measure
        }
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                slow.add(slowPost("127.0.0.1", hook, SIGNED_HEADERS, 1000, 10));
            }
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                for (HttpRequest request : requests) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    millis.add((System.nanoTime() - started) / 1_000_000);
                    assertThat(response.statusCode()).as(request.uri().getPath()).isEqualTo(200);
                }
            }
            // No slow sender has had an answer yet: the gateway answered the others while all 300 were in flight.
            for (Socket s : slow) {
                assertThat(s.getInputStream().available()).isZero();
            }
            millis.sort(null);
            System.out.printf("API and readiness with 300 slow hook bodies in flight: p50 %d ms, max %d ms%n",
                    millis.get(millis.size() / 2), millis.get(millis.size() - 1));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }
}
