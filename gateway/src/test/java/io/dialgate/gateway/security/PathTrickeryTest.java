package io.dialgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator API stays closed to paths that only look different: the router normalises them to
 * {@code /admin/...}, so authentication must decide on the same normalised path. Sent with the JDK client,
 * which puts the path on the wire exactly as written.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class PathTrickeryTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {"//admin/tenants", "/%61dmin/tenants", "/v1/../admin/tenants", "/./admin/tenants", "/v1/%2e%2e/admin/tenants"})
    void shouldNotOpenTheOperatorApiThroughAnotherSpellingOfItsPath(String path) throws Exception {
        Api.TestTenant tenant = Api.newTenant();
        for (String authorization : new String[] {null, "Bearer " + tenant.apiKey()}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s with %s", path, authorization == null ? "no key" : "a tenant key")
                    .isIn(400, 401, 404);
            assertThat(response.body()).doesNotContain(tenant.id());
        }
    }
}
