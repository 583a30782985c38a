package io.dialgate.gateway.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    @SuppressWarnings("unchecked")
    void shouldRefuseAControlCharacterInEveryPathParameterNamingIt() {
        Api.TestTenant t = Api.newTenant();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) given().queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().as(Map.class).get("paths");
        int checked = 0;
        for (var path : paths.entrySet()) {
            Matcher parameters = Pattern.compile("\\{(\\w+)}").matcher(path.getKey());
            while (parameters.find()) {
                String parameter = parameters.group(1);
                // Every other parameter gets a plain value, so the problem can only be the one with NUL in it.
                String target = path.getKey().replace("{" + parameter + "}", "usr_%00abc").replaceAll("\\{\\w+}", "x");
                for (String method : path.getValue().keySet()) {
                    RawHttp request = RawHttp.request(method.toUpperCase(), target).header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + (target.startsWith("/admin") ? Api.OPERATOR_TOKEN : t.apiKey()));
                    if (!method.equals("get") && !method.equals("delete")) {
                        request.body("{}");
                    }
                    RawHttp.Response response = request.send();
                    assertThat(response.status()).as(method + " " + target + ": " + response.body()).isEqualTo(400);
                    assertThat(response.contentType()).isEqualTo("application/problem+json");
                    JsonObject problem = new JsonObject(response.body());
                    assertThat(problem.getString("code")).isEqualTo("validation_failed");
                    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo(parameter);
                    assertThat(problem.getString("detail")).contains(parameter).contains("control characters");
                    assertThat(response.body()).doesNotContain("\\u0000").doesNotContain("\u0000");
                    checked++;
                }
            }
        }
        assertThat(checked).as("operations with a path parameter").isGreaterThan(25);
        t.request().queryParam("after", "a\u0001b").get("/v1/users").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("after"));
    }

    @Test
    void shouldRefuseAControlCharacterInAJsonStringNamingTheField() {
        Api.TestTenant t = Api.newTenant();
        String response = t.request().body("{\"name\":\"a\\u0000b\",\"baseUrl\":\"https://a.daktela.com\"}").post("/v1/pbx-hosts")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("name")).body("detail", equalTo("Invalid name: must not contain control characters"))
                .extract().asString();
        assertThat(response).doesNotContain("\\u0000");
        t.request().body("{\"url\":\"https://crm.example.com/h\",\"eventTypes\":[\"call.ringing\",\"x\\u001b[31m\"]}").post("/v1/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("eventTypes[1]"));
        Api.operator().body("{\"name\":\"\\u0007\"}").post("/admin/tenants").then().statusCode(400).body("errors[0].field", equalTo("name"));
        // Tabs and line breaks are text, not control: a description may hold them.
        t.request().body("{\"description\":\"line one\\nline\\ttwo\"}").post("/v1/action-hooks").then().statusCode(201);
    }

    @Test
    void shouldRefuseAKeyGivenTwiceNamingIt() {
        Api.TestTenant t = Api.newTenant();
        t.request().body("{\"name\":\"a\",\"name\":\"b\",\"baseUrl\":\"https://a.daktela.com\"}").post("/v1/pbx-hosts")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed_body"))
                .body("errors[0].field", equalTo("name")).body("detail", equalTo("Field 'name' appears more than once"));
        Api.operator().body("{\"suspended\":true,\"suspended\":false}").patch("/admin/tenants/" + t.id())
                .then().statusCode(400).body("errors[0].field", equalTo("suspended"));
        t.request().get("/v1/users").then().statusCode(200);
    }
}
