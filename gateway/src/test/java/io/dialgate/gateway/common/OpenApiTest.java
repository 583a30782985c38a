package io.dialgate.gateway.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class OpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldDocumentEveryStatusFamilyOnEveryEndpoint() {
        Map<String, Object> api = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().as(Map.class);
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) api.get("paths");
        assertThat(paths).containsKeys("/admin/tenants", "/v1/pbx-hosts", "/v1/users", "/v1/users/{userId}/calls",
                "/v1/users/{userId}/state", "/v1/action-hooks", "/hooks/actions/{hookId}");
        paths.forEach((path, item) -> item.forEach((method, op) -> {
            Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) op).get("responses");
            // A success, or for the root URL the redirect to the console.
            assertThat(responses.keySet()).as(method + " " + path).anyMatch(code -> code.startsWith("2") || code.startsWith("3"));
            if (path.startsWith("/v1")) {
                assertThat(responses).as(method + " " + path).containsKeys("400", "401", "403", "429");
            }
            if (path.startsWith("/admin")) {
                assertThat(responses).as(method + " " + path).containsKeys("400", "401", "429");
            }
        }));
        Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) api.get("components")).get("securitySchemes");
        assertThat(schemes).containsKeys("apiKey", "operator");
        Map<String, Object> problemSchema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) api.get("components"))
                .get("schemas")).get("Problem");
        assertThat(problemSchema).as("every error response refers to the Problem schema").isNotNull();
        assertThat((Map<String, Object>) paths.get("/v1/users/{userId}/calls").get("post"))
                .extractingByKey("responses").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("201", "404", "409", "422", "502", "504");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
