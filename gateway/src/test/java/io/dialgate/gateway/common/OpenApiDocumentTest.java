package io.dialgate.gateway.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.junit.jupiter.api.Test;

/**
 * The API's OpenAPI document is committed as {@code gateway/openapi.yaml}, so a change to the API shows in
 * review. This test compares it with what the running app serves. To regenerate it after an intended change:
 * {@code ./mvnw -pl gateway -am test -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Ddialgate.openapi.update=true},
 * or copy {@code gateway/target/openapi.yaml}, which a failing run leaves behind.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("openapi.yaml");
    static final Path SERVED = Path.of("target", "openapi.yaml");

    @Test
    void committedDocumentMatchesTheRunningApp() throws IOException {
        String served = given().get("/q/openapi").then().statusCode(200).extract().asString().replace("\r\n", "\n");
        Files.writeString(SERVED, served);
        if (Boolean.getBoolean("dialgate.openapi.update")) {
            Files.writeString(COMMITTED, served);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED).replace("\r\n", "\n") : "";
        assertThat(committed)
                .withFailMessage("gateway/openapi.yaml differs from the running app's /q/openapi (first difference at line %d)."
                        + " If the API change is intended, regenerate it with: cp gateway/target/openapi.yaml gateway/openapi.yaml",
                        firstDifferentLine(committed, served))
                .isEqualTo(served);
    }

    @Test
    @SuppressWarnings("unchecked")
    void operationIdsAreUniqueAndMadeFromMethodAndPath() {
        Map<String, Object> api = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().as(Map.class);
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) api.get("paths");
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            String id = (String) operation.get("operationId");
            assertThat(id).as(method + " " + path).isNotBlank();
            if (!seen.add(id)) {
                duplicates.add(id);
            }
        }));
        assertThat(duplicates).isEmpty();
        assertThat(paths.get("/admin/tenants/{tenantId}/api-keys/{keyId}").get("delete").get("operationId"))
                .isEqualTo("deleteAdminTenantsByTenantIdApiKeysByKeyId");
        assertThat(OperationIds.derive(PathItem.HttpMethod.PUT, "/v1/users/{userId}/queues/{queue}"))
                .isEqualTo("putV1UsersByUserIdQueuesByQueue");
    }

    private static int firstDifferentLine(String a, String b) {
        String[] left = a.split("\n", -1);
        String[] right = b.split("\n", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            if (!left[i].equals(right[i])) {
                return i + 1;
            }
        }
        return Math.min(left.length, right.length) + 1;
    }
}
