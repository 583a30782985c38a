package io.dialgate.gateway.security;

import static org.hamcrest.Matchers.equalTo;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Responses that can carry a key or a secret are never stored by a cache and never content-sniffed. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class SecretResponseHeadersTest {

    @Test
    void shouldForbidCachingAndSniffingOfResponsesThatCarryKeysOrSecrets() {
        Api.operator().body(Map.of("name", "headers")).post("/admin/tenants").then().statusCode(201)
                .header("Cache-Control", equalTo("no-store")).header("X-Content-Type-Options", equalTo("nosniff"));
        Api.TestTenant tenant = Api.newTenant();
        tenant.request().body(Map.of("url", "https://example.com/hooks", "eventTypes", List.of(), "description", "h"))
                .post("/v1/webhooks").then().statusCode(201)
                .header("Cache-Control", equalTo("no-store")).header("X-Content-Type-Options", equalTo("nosniff"));
        tenant.request().get("/v1/users").then().statusCode(200).header("Cache-Control", equalTo("no-store"));
        // Errors too: a problem document is never cached either.
        Api.tenant("dgk_unknown").get("/v1/users").then().statusCode(401).header("Cache-Control", equalTo("no-store"));
        io.restassured.RestAssured.given().contentType("application/json").body("{}").post("/hooks/actions/ahk_unknown").then()
                .header("Cache-Control", equalTo("no-store")).header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
