package io.dialgate.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Requests refused by the HTTP layer, before any resource runs (too long, too large, not a valid
 * URI, no Host), still get a problem document.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ProtocolErrorsTest {

    @Test
    void shouldAnswerAnOverlongUriWithAProblem() {
        assertProblem(RawHttp.request("GET", "/v1/users?after=" + "a".repeat(5000)).send(), 414, "uri_too_long");
    }

    @Test
    void shouldAnswerOversizedHeadersWithAProblem() {
        assertProblem(RawHttp.request("GET", "/v1/users").header("X-Padding", "a".repeat(30_000)).send(), 431, "headers_too_large");
        assertProblem(RawHttp.request("GET", "/v1/users").header("X-One", "a".repeat(12_000)).header("X-Two", "b".repeat(12_000)).send(),
                431, "headers_too_large");
    }

    @Test
    void shouldAnswerAChunkedBodyOverTheLimitWithAProblem() {
        Api.TestTenant t = Api.newTenant();
        String huge = "{\"name\":\"" + "x".repeat(70_000) + "\",\"baseUrl\":\"https://a.daktela.com\"}";
        assertProblem(RawHttp.request("POST", "/v1/pbx-hosts").header("Authorization", "Bearer " + t.apiKey())
                .header("Content-Type", "application/json").body(huge).chunked().send(), 413, "payload_too_large");
    }

    @Test
    void shouldStillAcceptAChunkedBodyWithinTheLimit() {
        Api.TestTenant t = Api.newTenant();
        String body = "{\"name\":\"" + "x".repeat(150) + "\",\"baseUrl\":\"https://a.daktela.com\",\"pad\":\"" + "p".repeat(20_000) + "\"}";
        // Read in full and handed to Quarkus REST: the unknown field proves the body was parsed, past the first chunks.
        RawHttp.Response response = RawHttp.request("POST", "/v1/pbx-hosts").header("Authorization", "Bearer " + t.apiKey())
                .header("Content-Type", "application/json").body(body).chunked().send();
        assertProblem(response, 400, "unknown_field");
        assertThat(response.body()).contains("'pad'");
        RawHttp.Response created = RawHttp.request("POST", "/v1/pbx-hosts").header("Authorization", "Bearer " + t.apiKey())
                .header("Content-Type", "application/json").body("{\"name\":\"chunked\",\"baseUrl\":\"https://a.daktela.com\"}")
                .chunked().send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(new JsonObject(created.body()).getString("name")).isEqualTo("chunked");
    }

    @Test
    void shouldAnswerBadPercentEncodingWithAProblem() {
        for (String target : new String[] {"/v1/users/%zz", "/v1/users/usr_%", "/v1/users?limit=%g1", "/q/health/%zz",
                "/admin/tenants/%", "/hooks/actions/ahk_%zz"}) {
            assertProblem(RawHttp.request("GET", target).send(), 400, "invalid_request");
        }
    }

    @Test
    void shouldAnswerCharactersAUriMayNotHoldWithAProblem() {
        for (String target : new String[] {"/v1/users/a|b", "/v1/users/{id}", "/v1/users?after=\"x\"", "/v1/users/\u0001"}) {
            assertProblem(RawHttp.request("GET", target).send(), 400, "invalid_request");
        }
    }

    @Test
    void shouldAnswerAMissingHostWithAProblem() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/users").withoutHost().send();
        assertProblem(response, 400, "invalid_request");
        assertThat(new JsonObject(response.body()).getString("detail")).contains("Host");
    }

    /**
     * The HTTP codec refuses these before the application sees them, and Quarkus gives the application
     * no hook there (Vert.x's invalid-request handler is not exposed): their status is right, their body
     * empty. The codec's limits are set well above the gateway's own, so only abuse reaches them.
     */
    @Test
    void shouldRefuseWhatTheCodecRejectsWithItsStatus() {
        assertThat(RawHttp.send("GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)).status()).isEqualTo(400);
        assertThat(RawHttp.request("GET", "/v1/users").header("Bad Name", "x").send().status()).isEqualTo(400);
        assertThat(RawHttp.request("GET", "/v1/users").header("X-Nul", "a\u0000b").send().status()).isEqualTo(400);
        assertThat(RawHttp.request("GET", "/v1/users?x=" + "a".repeat(20_000)).send().status()).isEqualTo(414);
        assertThat(RawHttp.request("GET", "/v1/users").header("X-Padding", "a".repeat(70_000)).send().status()).isEqualTo(431);
    }

    static void assertProblem(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        JsonObject problem = new JsonObject(response.body());
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("code")).isEqualTo(code);
        assertThat(problem.getString("type")).isEqualTo("https://dialgate.io/problems/" + code);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
    }
}
