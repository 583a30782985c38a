package io.dialgate.gateway.event;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists the event types as an enum, equal to {@link EventType}, wherever an event type appears. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class EventTypeOpenApiTest {

    private static final String REF = "#/components/schemas/" + EventTypeSchemaFilter.SCHEMA_NAME;

    @Test
    @SuppressWarnings("unchecked")
    void everyEventTypeFieldAndParameterRefersToTheEnumOfEventType() {
        Map<String, Object> api = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().as(Map.class);
        Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>) ((Map<String, Object>) api
                .get("components")).get("schemas");

        assertThat((List<String>) schemas.get(EventTypeSchemaFilter.SCHEMA_NAME).get("enum"))
                .containsExactlyElementsOf(Arrays.stream(EventType.values()).map(EventType::wireName).toList());

        assertThat(property(schemas, "EventPayload", "type").get("$ref")).isEqualTo(REF);
        assertThat(property(schemas, "EventTypeView", "type").get("$ref")).isEqualTo(REF);
        assertThat(property(schemas, "Delivery", "eventType").get("$ref")).isEqualTo(REF);
        for (String schema : List.of("CreateWebhookRequest", "UpdateWebhookRequest", "Webhook", "CreatedWebhook")) {
            Map<String, Object> eventTypes = property(schemas, schema, "eventTypes");
            assertThat(eventTypes.get("type")).as(schema).isEqualTo("array");
            assertThat(((Map<String, Object>) eventTypes.get("items")).get("$ref")).as(schema).isEqualTo(REF);
        }

        // Every query parameter that filters by event type, found by name so a new one cannot be missed.
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) api.get("paths");
        List<String> filters = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            for (Map<String, Object> parameter : (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of())) {
                String name = (String) parameter.get("name");
                boolean eventFilter = name.equals("eventType") || name.equals("type") && path.startsWith("/v1/events");
                if (eventFilter) {
                    assertThat(((Map<String, Object>) parameter.get("schema")).get("$ref")).as(method + " " + path + " " + name)
                            .isEqualTo(REF);
                    filters.add(method + " " + path);
                }
            }
        }));
        assertThat(filters).contains("get /v1/events", "get /v1/events/stream", "get /v1/deliveries",
                "get /v1/webhooks/{id}/deliveries");

        // The marker that tells the filter where to put the enum never reaches a reader.
        assertThat(given().get("/q/openapi").then().extract().asString()).doesNotContain(EventTypeSchemaFilter.MARKER);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Map<String, Object>> schemas, String schema, String property) {
        Map<String, Object> properties = (Map<String, Object>) schemas.get(schema).get("properties");
        assertThat(properties).as(schema).containsKey(property);
        return (Map<String, Object>) properties.get(property);
    }
}
