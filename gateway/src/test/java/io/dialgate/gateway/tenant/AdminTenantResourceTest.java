package io.dialgate.gateway.tenant;

import static io.dialgate.gateway.support.Api.operator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class AdminTenantResourceTest {

    @Test
    void shouldCreateTenantAndShowItsKeyOnce() {
        String id = operator().body(Map.of("name", "Acme")).post("/admin/tenants")
                .then().statusCode(201)
                .body("id", startsWith("ten_"))
                .body("name", equalTo("Acme"))
                .body("apiKey", startsWith("dgk_"))
                .body("apiKeyId", startsWith("key_"))
                .extract().path("id");
        operator().get("/admin/tenants/" + id).then().statusCode(200)
                .body("name", equalTo("Acme")).body("apiKey", nullValue());
    }

    @Test
    void shouldRejectRequestsWithoutTheOperatorToken() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/admin/tenants")
                .then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthenticated")).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").get("/admin/tenants").then().statusCode(401);
    }

    @Test
    void shouldValidateTheTenantName() {
        operator().body(Map.of("name", " ")).post("/admin/tenants").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors.field", hasItem("name"));
        operator().body("{\"name\":\"a\",\"colour\":\"red\"}").post("/admin/tenants").then().statusCode(400)
                .body("code", equalTo("unknown_field")).body("errors[0].field", equalTo("colour"));
        operator().body("{\"name\":").post("/admin/tenants").then().statusCode(400).body("code", equalTo("malformed_json"));
        operator().body("{\"name\":[1]}").post("/admin/tenants").then().statusCode(400).body("errors[0].field", equalTo("name"));
        operator().post("/admin/tenants").then().statusCode(400);
    }

    @Test
    void shouldPageTenantsWithACursor() {
        for (int i = 0; i < 3; i++) {
            Api.newTenant();
        }
        String next = operator().queryParam("limit", 2).get("/admin/tenants").then().statusCode(200)
                .body("data", hasSize(2)).body("nextCursor", notNullValue()).extract().path("nextCursor");
        operator().queryParam("limit", 2).queryParam("after", next).get("/admin/tenants").then().statusCode(200)
                .body("data[0].id", not(equalTo(next)));
        operator().queryParam("limit", 0).get("/admin/tenants").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        operator().queryParam("after", "nonsense").get("/admin/tenants").then().statusCode(400);
    }

    @Test
    void shouldSuspendAndResumeATenant() {
        Api.TestTenant t = Api.newTenant();
        t.request().get("/v1/pbx-hosts").then().statusCode(200);
        operator().body(Map.of("suspended", true)).patch("/admin/tenants/" + t.id()).then().statusCode(200)
                .body("suspended", equalTo(true));
        t.request().get("/v1/pbx-hosts").then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("tenant_suspended"));
        operator().body(Map.of("suspended", false)).patch("/admin/tenants/" + t.id()).then().statusCode(200);
        t.request().get("/v1/pbx-hosts").then().statusCode(200);
    }

    @Test
    void shouldIssueAndRevokeApiKeys() {
        Api.TestTenant t = Api.newTenant();
        Map<String, Object> second = operator().post("/admin/tenants/" + t.id() + "/api-keys").then().statusCode(201)
                .body("apiKey", startsWith("dgk_")).extract().as(Map.class);
        String secondKey = (String) second.get("apiKey");
        Api.tenant(secondKey).get("/v1/pbx-hosts").then().statusCode(200);
        operator().delete("/admin/tenants/" + t.id() + "/api-keys/" + second.get("id")).then().statusCode(204);
        Api.tenant(secondKey).get("/v1/pbx-hosts").then().statusCode(401);
        t.request().get("/v1/pbx-hosts").then().statusCode(200);
        operator().delete("/admin/tenants/" + t.id() + "/api-keys/" + second.get("id")).then().statusCode(404);
    }

    @Test
    void shouldDeleteATenantAndItsKeys() {
        Api.TestTenant t = Api.newTenant();
        operator().delete("/admin/tenants/" + t.id()).then().statusCode(204);
        t.request().get("/v1/pbx-hosts").then().statusCode(401);
        operator().delete("/admin/tenants/" + t.id()).then().statusCode(404).body("code", equalTo("not_found"));
        operator().body(Map.of("suspended", true)).patch("/admin/tenants/" + t.id()).then().statusCode(404);
        operator().post("/admin/tenants/" + t.id() + "/api-keys").then().statusCode(404);
    }
}
