package io.dialgate.gateway.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input anywhere gets a 4xx problem document, never a 5xx or an empty body. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class BadInputTest {

    @Test
    void shouldRefuseBodiesOverTheLimitWithAProblem() {
        Api.TestTenant t = Api.newTenant();
        String huge = "{\"name\":\"" + "x".repeat(70_000) + "\",\"baseUrl\":\"https://a.daktela.com\"}";
        t.request().body(huge).post("/v1/pbx-hosts").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("payload_too_large"));
    }

    @Test
    void shouldAnswerEveryMalformedRequestWith4xxProblems() {
        Api.TestTenant t = Api.newTenant();
        List<String> bodies = List.of("", "null", "[]", "42", "\"text\"", "{", "{\"name\":{}}", "{\"name\":\"a\",\"baseUrl\":1}",
                "{\"unknown\":true}", "{\"name\":\"a\",\"baseUrl\":\"https://a.daktela.com\",\"x\":1}");
        for (String path : List.of("/v1/pbx-hosts", "/v1/users", "/v1/action-hooks", "/admin/tenants")) {
            for (String body : bodies) {
                var request = path.startsWith("/admin") ? Api.operator() : t.request();
                var response = request.body(body).post(path).then().statusCode(lessThan(500)).extract();
                if (path.equals("/v1/action-hooks") && (body.isEmpty() || body.equals("null"))) {
                    continue; // every field of an action hook is optional: no body creates an unbound hook
                }
                org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(path + " " + body).isBetween(400, 499);
                org.assertj.core.api.Assertions.assertThat(response.contentType()).as(path + " " + body)
                        .startsWith("application/problem+json");
            }
        }
        for (String path : List.of("/v1/users/usr_x/queues/2000", "/v1/users/../pause", "/v1/users/%00/state")) {
            t.request().get(path).then().statusCode(lessThan(500));
        }
        t.request().contentType("text/plain").body("name=x").post("/v1/pbx-hosts").then().statusCode(415)
                .contentType("application/problem+json");
        t.request().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        t.request().delete("/v1/pbx-hosts").then().statusCode(405).contentType("application/problem+json");
        t.request().queryParam("limit", "many").get("/v1/users").then().statusCode(400).contentType("application/problem+json");
        t.request().header("Idempotency-Key", "x".repeat(300)).body(Map.of("number", "1", "queue", "2000"))
                .post("/v1/users/usr_00000000000000000000000000/calls").then().statusCode(400)
                .body("errors[0].field", equalTo("idempotencyKey"));
        given().header("Authorization", "Basic abc").get("/v1/users").then().statusCode(401).contentType("application/problem+json");
    }
}
