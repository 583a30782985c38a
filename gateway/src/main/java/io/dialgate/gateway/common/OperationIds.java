package io.dialgate.gateway.common;

import java.util.Locale;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;

/**
 * Operation ids derived from what an operation is in the API, its HTTP method and path, so they are unique by
 * construction and change only when the API does: {@code DELETE /admin/tenants/{tenantId}/api-keys/{keyId}} is
 * {@code deleteAdminTenantsByTenantIdApiKeysByKeyId}. Java method names are neither (every resource has a
 * {@code list}), and client generators name their methods after these ids. An id set with
 * {@code @Operation(operationId = ...)} is kept.
 */
final class OperationIds {

    private OperationIds() {
    }

    static void assign(PathItem.HttpMethod method, String path, Operation operation) {
        if (operation.getOperationId() == null || operation.getOperationId().isBlank()) {
            operation.setOperationId(derive(method, path));
        }
    }

    static String derive(PathItem.HttpMethod method, String path) {
        StringBuilder id = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            boolean parameter = segment.startsWith("{") && segment.endsWith("}");
            if (parameter) {
                id.append("By");
                segment = segment.substring(1, segment.length() - 1);
            }
            for (String word : segment.split("[^A-Za-z0-9]+")) {
                if (!word.isEmpty()) {
                    id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
        }
        return id.toString();
    }
}
