package io.dialgate.gateway.event;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Lists the event types as an enum in the OpenAPI document, taken from {@link EventType} so the two never drift:
 * a schema component {@value #SCHEMA_NAME}, referred to by every field and parameter that carries an event type.
 * Annotations cannot name the enum's values (they are not compile-time constants), so such a field or parameter
 * is marked with the extension {@value #MARKER} in its {@code @Schema}, and this filter replaces the marked schema
 * with a reference (for a list, its items).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class EventTypeSchemaFilter implements OASFilter {

    /** The extension that marks a schema holding an event type, or a list of them. */
    public static final String MARKER = "x-dialgate-event-type";
    /** Name of the enum's schema component. */
    public static final String SCHEMA_NAME = "EventType";

    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getExtensions() == null || !schema.getExtensions().containsKey(MARKER)) {
            return schema;
        }
        schema.removeExtension(MARKER);
        if (schema.getType() != null && schema.getType().contains(Schema.SchemaType.ARRAY)) {
            schema.setItems(reference());
        } else {
            // A reference with the field's own description and examples beside it, as OpenAPI 3.1 allows.
            schema.setType(null);
            schema.setRef(SCHEMA_NAME);
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA_NAME, OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.STRING))
                .description("An event type; GET /v1/event-types describes each, docs/events.md shows an example of each")
                .enumeration(Arrays.stream(EventType.values()).<Object>map(EventType::wireName).toList()));
    }

    private static Schema reference() {
        return OASFactory.createSchema().ref(SCHEMA_NAME);
    }
}
