package io.dialgate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class WebhookResourceTest {

    private static final String URL = "http://127.0.0.1:9/hook";

    @Test
    void shouldCreateShowSecretOnceAndManageEndpoint() {
        Api.TestTenant tenant = Api.newTenant();
        String id = tenant.request().body(Map.of("url", URL, "eventTypes", List.of("call.ringing", "call.ended"), "description", "CRM"))
                .post("/v1/webhooks").then().statusCode(201)
                .body("id", startsWith("whk_")).body("secret", startsWith("whsec_")).body("status", equalTo("enabled"))
                .body("eventTypes", contains("call.ringing", "call.ended")).body("createdAt", notNullValue())
                .extract().path("id");
        tenant.request().get("/v1/webhooks/" + id).then().statusCode(200).body("secret", nullValue())
                .body("url", equalTo(URL)).body("description", equalTo("CRM"));
        tenant.request().body(Map.of("enabled", false, "eventTypes", List.of(), "description", "off")).patch("/v1/webhooks/" + id)
                .then().statusCode(200).body("status", equalTo("disabled")).body("disabledReason", equalTo("manual"))
                .body("eventTypes", empty()).body("description", equalTo("off")).body("url", equalTo(URL));
        tenant.request().get("/v1/webhooks").then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(id))
                .body("data[0].secret", nullValue()).body("nextCursor", nullValue());
        tenant.request().get("/v1/webhooks/" + id + "/deliveries").then().statusCode(200).body("data", empty());
        tenant.request().delete("/v1/webhooks/" + id).then().statusCode(204);
        tenant.request().get("/v1/webhooks/" + id).then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    @Test
    void shouldPageEndpoints() {
        Api.TestTenant tenant = Api.newTenant();
        for (int i = 0; i < 3; i++) {
            tenant.request().body(Map.of("url", URL)).post("/v1/webhooks").then().statusCode(201);
        }
        String cursor = tenant.request().get("/v1/webhooks?limit=2").then().body("data", hasSize(2)).extract().path("nextCursor");
        tenant.request().get("/v1/webhooks?limit=2&after=" + cursor).then().body("data", hasSize(1)).body("nextCursor", nullValue());
    }

    @Test
    void shouldRejectUnknownEventTypesBadUrlsAndUnknownFields() {
        Api.TestTenant tenant = Api.newTenant();
        tenant.request().body(Map.of("url", URL, "eventTypes", List.of("call.ringing", "call.exploded"))).post("/v1/webhooks")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("eventTypes[1]"));
        for (String bad : List.of("ftp://example.com/x", "not a url", "https://user:pw@example.com/hook", "mailto:x@example.com")) {
            tenant.request().body(Map.of("url", bad)).post("/v1/webhooks").then().statusCode(400)
                    .body("errors[0].field", equalTo("url"));
        }
        tenant.request().body(Map.of("url", URL, "secret", "mine")).post("/v1/webhooks").then().statusCode(400)
                .body("code", equalTo("unknown_field"));
        tenant.request().body(Map.of()).post("/v1/webhooks").then().statusCode(400).body("errors[0].field", equalTo("url"));
        String id = tenant.request().body(Map.of("url", URL)).post("/v1/webhooks").then().statusCode(201).extract().path("id");
        tenant.request().body(Map.of("url", "gopher://x")).patch("/v1/webhooks/" + id).then().statusCode(400);
        tenant.request().body(Map.of("since", "yesterday")).post("/v1/webhooks/" + id + "/recover").then().statusCode(400);
        tenant.request().body(Map.of()).post("/v1/webhooks/" + id + "/recover").then().statusCode(400);
    }

    @Test
    void shouldReturn404ForAnotherTenantsEndpoint() {
        Api.TestTenant a = Api.newTenant();
        Api.TestTenant b = Api.newTenant();
        String id = a.request().body(Map.of("url", URL, "description", "A's hook")).post("/v1/webhooks").then().statusCode(201)
                .extract().path("id");
        List<Function<Void, Response>> calls = List.of(
                v -> b.request().get("/v1/webhooks/" + id),
                v -> b.request().body(Map.of("enabled", false)).patch("/v1/webhooks/" + id),
                v -> b.request().delete("/v1/webhooks/" + id),
                v -> b.request().post("/v1/webhooks/" + id + "/rotate-secret"),
                v -> b.request().get("/v1/webhooks/" + id + "/deliveries"),
                v -> b.request().body(Map.of("since", "2020-01-01T00:00:00Z")).post("/v1/webhooks/" + id + "/recover"),
                v -> b.request().post("/v1/deliveries/dlv_00000000000000000000000000/retry"));
        for (Function<Void, Response> call : calls) {
            Response response = call.apply(null);
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(404);
            assertThat(response.asString()).doesNotContain("A's hook").doesNotContain(a.id());
        }
        assertThat(b.request().get("/v1/webhooks").asString()).doesNotContain(id);
        a.request().get("/v1/webhooks/" + id).then().statusCode(200).body("status", equalTo("enabled"));
    }
}
