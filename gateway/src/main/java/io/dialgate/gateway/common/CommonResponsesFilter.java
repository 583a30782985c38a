package io.dialgate.gateway.common;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Documents once what would otherwise be repeated on every resource: the answers every endpoint of
 * a family can give (authentication, suspension, rate limit, bad input), the problem+json body of
 * every error response, and the two bearer schemes the resources refer to.
 */
public class CommonResponsesFilter implements OASFilter {

    private static final Map<String, String> TENANT_ERRORS = Map.of(
            "400", "Invalid input: wrong types, unknown fields, malformed ids, or a body over 64 KB (413)",
            "401", "Missing or unknown API key",
            "403", "The tenant is suspended",
            "429", "Tenant rate limit exceeded, or too many wrong API keys from this address; see Retry-After",
            "503", "The gateway's database cannot be reached (database_unavailable); see Retry-After");
    private static final Map<String, String> OPERATOR_ERRORS = Map.of(
            "400", "Invalid input",
            "401", "Missing or wrong operator token",
            "429", "Too many wrong operator tokens from this address; see Retry-After",
            "503", "The gateway's database cannot be reached (database_unavailable); see Retry-After");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents()
                .addSecurityScheme("apiKey", bearer("A tenant API key (dgk_...), issued by the operator"))
                .addSecurityScheme("operator", bearer("The operator token (DIALGATE_ADMIN_TOKEN)"));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            Map<String, String> common = path.startsWith("/v1") ? TENANT_ERRORS : path.startsWith("/admin") ? OPERATOR_ERRORS : Map.of();
            item.getOperations().forEach((method, operation) -> {
                OperationIds.assign(method, path, operation);
                addMissing(operation, common);
                describeErrorBodies(operation);
            });
        });
    }

    private static void addMissing(Operation operation, Map<String, String> common) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        // In status order: Map.of iterates in an order that changes from one JVM to the next, and the committed
        // document (gateway/openapi.yaml) must come out the same every time.
        new java.util.TreeMap<>(common).forEach((status, description) -> {
            if (operation.getResponses().getAPIResponse(status) == null) {
                APIResponse response = OASFactory.createAPIResponse().description(description).content(problemContent());
                operation.getResponses().addAPIResponse(status, response);
            }
        });
    }

    /** Every 4xx/5xx documented without a body is a problem document (there is one error path). */
    private static void describeErrorBodies(Operation operation) {
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (status.matches("[45]\\d\\d") && response.getContent() == null) {
                response.setContent(problemContent());
            }
        });
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }

    private static SecurityScheme bearer(String description) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description(description);
    }
}
