package io.dialgate.gateway.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class MetricsEndpointTest {

    @Test
    void shouldServeTheGatewayMetricsInPrometheusFormatFromStartUp() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("dialgate_poll_leases_held"))
                .body(containsString("dialgate_monitored_users"))
                .body(containsString("dialgate_lease_renewal_failures_total"));
    }
}
