package io.dialgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An address that keeps sending wrong credentials (operator token, API key) or unsigned hook requests is
 * answered 429 without further checks, while other addresses and good credentials are unaffected. Each test
 * sends from its own loopback address (127.0.0.0/8 is all loopback), so the counts do not mix.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@TestProfile(RefusalThrottleTest.SmallLimits.class)
class RefusalThrottleTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Behind a proxy: only 127.0.0.11 is trusted to say whom it forwards for.
            return Map.of("dialgate.rate-limit.refusals-per-minute", "5", "dialgate.action-hooks.refusals-per-minute", "5",
                    "quarkus.http.proxy.proxy-address-forwarding", "true", "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.11");
        }
    }

    @TestHTTPResource("/")
    URL base;

    /** Sends one request from {@code local} and returns the status line and headers of the answer. */
    private String send(String local, String method, String path, String headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 2000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Length: 0\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldThrottleWrongApiKeysFromOneAddress() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send("127.0.0.3", "GET", "/v1/users", "Authorization: Bearer dgk_wrong" + i + "\r\n")).startsWith("HTTP/1.1 401");
        }
        String throttled = send("127.0.0.3", "GET", "/v1/users", "Authorization: Bearer dgk_wrong\r\n");
        assertThat(throttled).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after: 60").contains("application/problem+json");
        // Even a good key from that address waits; the same key from another address is served.
        Api.TestTenant tenant = Api.newTenant();
        assertThat(send("127.0.0.3", "GET", "/v1/users", "Authorization: Bearer " + tenant.apiKey() + "\r\n")).startsWith("HTTP/1.1 429");
        assertThat(send("127.0.0.4", "GET", "/v1/users", "Authorization: Bearer " + tenant.apiKey() + "\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void shouldThrottleWrongOperatorTokensFromOneAddress() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send("127.0.0.5", "GET", "/admin/tenants", "Authorization: Bearer wrong-" + i + "\r\n")).startsWith("HTTP/1.1 401");
        }
        assertThat(send("127.0.0.5", "GET", "/admin/tenants", "Authorization: Bearer " + Api.OPERATOR_TOKEN + "\r\n"))
                .startsWith("HTTP/1.1 429");
        assertThat(send("127.0.0.6", "GET", "/admin/tenants", "Authorization: Bearer " + Api.OPERATOR_TOKEN + "\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void shouldThrottleUnsignedHookRequestsFromOneAddress() throws Exception {
        String path = "/hooks/actions/ahk_00000000000000000000000000";
        for (int i = 0; i < 5; i++) {
            assertThat(send("127.0.0.7", "POST", path, "")).startsWith("HTTP/1.1 401");
        }
        assertThat(send("127.0.0.7", "POST", path, "")).startsWith("HTTP/1.1 429").contains("Retry-After: 60");
        assertThat(send("127.0.0.8", "POST", path, "")).startsWith("HTTP/1.1 401");
    }

    /** Behind a load balancer every client arrives from its address: the forwarded address is the one counted. */
    @Test
    void shouldCountTheForwardedAddressOfATrustedProxyOnly() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send("127.0.0.11", "GET", "/v1/users", "X-Forwarded-For: 198.51.100.1\r\nAuthorization: Bearer dgk_wrong\r\n"))
                    .startsWith("HTTP/1.1 401");
        }
        assertThat(send("127.0.0.11", "GET", "/v1/users", "X-Forwarded-For: 198.51.100.1\r\nAuthorization: Bearer dgk_wrong\r\n"))
                .startsWith("HTTP/1.1 429");
        Api.TestTenant tenant = Api.newTenant();
        assertThat(send("127.0.0.11", "GET", "/v1/users", "X-Forwarded-For: 198.51.100.2\r\nAuthorization: Bearer "
                + tenant.apiKey() + "\r\n")).as("another client behind the same proxy").startsWith("HTTP/1.1 200");

        // An untrusted sender cannot pick the address it is counted under.
        for (int i = 0; i < 5; i++) {
            assertThat(send("127.0.0.12", "GET", "/v1/users", "X-Forwarded-For: 198.51.100." + (10 + i)
                    + "\r\nAuthorization: Bearer dgk_wrong\r\n")).startsWith("HTTP/1.1 401");
        }
        assertThat(send("127.0.0.12", "GET", "/v1/users", "X-Forwarded-For: 198.51.100.20\r\nAuthorization: Bearer dgk_wrong\r\n"))
                .startsWith("HTTP/1.1 429");
    }

    @Test
    void shouldThrottleWrongSignaturesOnARealHookFromOneAddress() throws Exception {
        Api.TestTenant tenant = Api.newTenant();
        String path = "/hooks/actions/" + tenant.request().body(Map.of("description", "CRM")).post("/v1/action-hooks")
                .then().statusCode(201).extract().path("id");
        String wrongSignature = "webhook-id: msg_1\r\nwebhook-timestamp: " + java.time.Instant.now().getEpochSecond()
                + "\r\nwebhook-signature: v1,bm90IHRoZSBzaWduYXR1cmU=\r\n";
        for (int i = 0; i < 5; i++) {
            assertThat(send("127.0.0.9", "POST", path, wrongSignature)).startsWith("HTTP/1.1 401");
        }
        assertThat(send("127.0.0.9", "POST", path, wrongSignature)).startsWith("HTTP/1.1 429");
        assertThat(send("127.0.0.10", "POST", path, wrongSignature)).startsWith("HTTP/1.1 401");
    }
}
