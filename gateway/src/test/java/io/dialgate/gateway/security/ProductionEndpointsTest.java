package io.dialgate.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application as the packaged jar runs it (the {@code prod} profile, build-time settings included):
 * metrics (which name tenants' objects) and health answer only on the management port, never on the
 * public HTTP port; Swagger UI is off; the OpenAPI document stays public.
 */
@QuarkusTest
@TestProfile(ProductionEndpointsTest.Production.class)
@WithTestResource(EmbeddedPostgresResource.class)
class ProductionEndpointsTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.management.test-port", "0",
                    "dialgate.crypto.keys", "t1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
                    // Nothing here polls or delivers; the shared test database holds other tests' users.
                    "dialgate.polling.enabled", "false",
                    "dialgate.webhook.dispatcher.enabled", "false");
        }
    }

    /** Paths relative to the management root, /q. */
    @TestHTTPResource(value = "/metrics", management = true)
    URL managementMetrics;
    @TestHTTPResource(value = "/health/ready", management = true)
    URL managementReadiness;

    @Test
    void shouldServeMetricsAndHealthOnTheManagementPortOnly() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);

        given().get(managementMetrics).then().statusCode(200)
                .body(containsString("dialgate_poll_leases_held"));
        given().get(managementReadiness).then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void shouldKeepSwaggerUiOffAndTheOpenApiDocumentPublic() {
        given().get("/q/swagger-ui/").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200).body(containsString("Dialgate gateway API"));
    }
}
