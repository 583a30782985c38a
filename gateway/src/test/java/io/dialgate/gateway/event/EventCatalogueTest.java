package io.dialgate.gateway.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GET /v1/event-types and docs/events.md both list exactly the types the gateway has, the docs with one valid example each. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class EventCatalogueTest {

    static final List<String> TYPES = Arrays.stream(EventType.values()).map(EventType::wireName).toList();

    @Test
    void endpointListsEveryTypeWithItsSubject() {
        List<Map<String, String>> listed = Api.newTenant().request().get("/v1/event-types").then().statusCode(200)
                .extract().path("data");
        assertThat(listed).extracting(t -> t.get("type")).containsExactlyElementsOf(TYPES);
        assertThat(listed).allSatisfy(t -> {
            assertThat(t.get("description")).isNotBlank();
            assertThat(t.get("subject")).isIn("user", "pbx", "endpoint");
        });
        io.restassured.RestAssured.given().get("/v1/event-types").then().statusCode(401);
    }

    @Test
    void docsHaveOneParsableExamplePerType() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "events.md"));
        Matcher block = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(docs);
        ObjectMapper json = new ObjectMapper();
        List<String> documented = new ArrayList<>();
        while (block.find()) {
            JsonNode event = json.readTree(block.group(1));
            assertThat(event.fieldNames()).toIterable().containsExactly("id", "type", "occurredAt", "tenantId", "userId",
                    "pbxHostId", "sequence", "data");
            assertThat(event.get("occurredAt").asText()).endsWith("Z");
            documented.add(event.get("type").asText());
            assertThat(docs).contains("### `" + event.get("type").asText() + "`");
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(TYPES);
    }
}
