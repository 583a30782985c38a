package io.dialgate.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.simulator.RawHttp;
import io.dialgate.simulator.Sim;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bodies the Daktela API does not expect, on every method: a form body on OPTIONS or GET, long form
 * fields, broken percent-encoding and oversized bodies get a proper answer, never a 5xx. Sent over a
 * raw socket because the usual clients will not send a body with OPTIONS or an unknown method.
 */
@QuarkusTest
class RequestBodyTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldAnswerOptionsWithAFormBodyAsAPreflight() throws Exception {
        String instance = Sim.freshInstance(true);
        RawHttp.Answer answer = send("OPTIONS", Sim.api(instance) + "/whoim.json",
                RawHttp.headers("Content-Type", FORM, "Origin", "https://app.example"), "a=b");
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
        answer = send("OPTIONS", "/api/v6/whoim.json", RawHttp.headers("Content-Type", "multipart/form-data"),
                "a=b");
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    @Test
    void shouldIgnoreAFormBodySentWithGet() throws Exception {
        String instance = Sim.freshInstance(false);
        RawHttp.Answer answer = send("GET", Sim.api(instance) + "/queues.json",
                RawHttp.headers("Content-Type", FORM, "X-Auth-Token", "tok-a-" + instance),
                "take=0");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"total\":2").contains("\"name\":\"2000\"");
    }

    @Test
    void shouldRefuseAFormBodyOnAnUnservedMethodWith405() throws Exception {
        String instance = Sim.freshInstance(false);
        for (String method : List.of("TRACE", "PROPFIND", "PATCH")) {
            RawHttp.Answer answer = send(method, Sim.api(instance) + "/whoim.json",
                    RawHttp.headers("Content-Type", FORM), "a=b");
            assertThat(answer.status()).as(method + ": " + answer.body()).isEqualTo(405);
            assertThat(answer.body()).as(method).startsWith("{\"error\":[\"");
        }
    }

    @Test
    void shouldReadAFormFieldLongerThanOneKilobyte() throws Exception {
        String instance = Sim.freshInstance(false);
        String text = "x".repeat(5000);
        Sim.smsQueue(instance, "tok-a-" + instance);
        RawHttp.Answer answer = send("POST", Sim.api(instance) + "/activities.json",
                RawHttp.headers("Content-Type", FORM, "X-Auth-Token", "tok-a-" + instance),
                "type=SMS&number=%2B420123&queue=3000&text=" + text);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains(text);
    }

    @Test
    void shouldRefuseBrokenPercentEncodingInAFormBodyWith400() throws Exception {
        String instance = Sim.freshInstance(false);
        RawHttp.Answer answer = send("POST", Sim.api(instance) + "/usersSession.json",
                RawHttp.headers("Content-Type", FORM, "X-Auth-Token", "tok-a-" + instance),
                "pause=%zz");
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("\"error\":[\"Malformed form body: bad percent-encoding\"]");
    }

    @Test
    void shouldRefuseABodyOverOneMegabyteWith413InTheEnvelope() throws Exception {
        String instance = Sim.freshInstance(false);
        String body = "{\"text\":\"" + "x".repeat(1100 * 1024) + "\"}";
        RawHttp.Answer answer = send("POST", Sim.api(instance) + "/activities.json",
                RawHttp.headers("Content-Type", "application/json", "X-Auth-Token", "tok-a-" + instance), body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("\"error\":[\"The request body is larger than 1024 KB\"]");
    }

    private RawHttp.Answer send(String method, String path, List<String[]> headers, String body) throws Exception {
        return RawHttp.send(base.getHost(), base.getPort(), method, path, headers,
                body.getBytes(StandardCharsets.UTF_8));
    }
}
