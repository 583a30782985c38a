package io.dialgate.gateway.pbx;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class PbxHostResourceTest {

    @Test
    void shouldCreateListGetAndDeleteHosts() {
        Api.TestTenant t = Api.newTenant();
        String id = t.request().body(Map.of("name", "main", "baseUrl", "https://acme.daktela.com/")).post("/v1/pbx-hosts")
                .then().statusCode(201).body("id", startsWith("pbx_"))
                .body("baseUrl", equalTo("https://acme.daktela.com")).extract().path("id");
        t.request().get("/v1/pbx-hosts").then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(id));
        t.request().get("/v1/pbx-hosts/" + id).then().statusCode(200).body("name", equalTo("main"));
        t.request().body(Map.of("name", "main", "baseUrl", "https://other.daktela.com")).post("/v1/pbx-hosts")
                .then().statusCode(409).body("code", equalTo("duplicate_name"));
        t.request().delete("/v1/pbx-hosts/" + id).then().statusCode(204);
        t.request().get("/v1/pbx-hosts/" + id).then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme.daktela.com", "ftp://acme.daktela.com", "https://", "https://u:p@acme.daktela.com",
            "https://acme.daktela.com/?x=1", "https://acme.daktela.com/api/v6", "not a url at all"})
    void shouldRejectBadBaseUrls(String baseUrl) {
        Api.newTenant().request().body(Map.of("name", "x", "baseUrl", baseUrl)).post("/v1/pbx-hosts")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("baseUrl"));
    }

    @Test
    void shouldRequireAnApiKey() {
        given().get("/v1/pbx-hosts").then().statusCode(401).body("code", equalTo("unauthenticated"));
        Api.tenant("dgk_nope").get("/v1/pbx-hosts").then().statusCode(401);
    }

    @Test
    void shouldHideOtherTenantsHosts() {
        Api.TestTenant a = Api.newTenant();
        Api.TestTenant b = Api.newTenant();
        String id = a.request().body(Map.of("name", "a-host", "baseUrl", "https://a.daktela.com")).post("/v1/pbx-hosts")
                .then().statusCode(201).extract().path("id");
        b.request().get("/v1/pbx-hosts/" + id).then().statusCode(404);
        b.request().delete("/v1/pbx-hosts/" + id).then().statusCode(404);
        b.request().get("/v1/pbx-hosts").then().statusCode(200).body("data", hasSize(0));
    }
}
