package io.dialgate.simulator.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.common.InvalidFieldException;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.dialgate.simulator.common.NotFoundException;
import io.dialgate.simulator.pbx.PbxInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;

/**
 * {@code statuses.json}: activity statuses, the write example of Daktela's connector READMEs. {@code POST}
 * creates (201, {@code title} mandatory, {@code name} generated when absent), {@code PUT statuses/{name}}
 * updates the fields given (200), {@code DELETE} removes (204); lists filter like every list.
 */
@ApplicationScoped
public class StatusesEndpoint implements ApiEndpoint {

    private static final String MODEL = "statuses";
    /** Fields a status has; others in a write are ignored, as Daktela ignores unknown form fields. */
    private static final Set<String> FIELDS = Set.of("name", "title", "description", "color", "validation",
            "nps_score", "waiting_queue", "blacklist_database", "blacklist_expiration_time", "ignore_record_status");

    private final ListQuery listQuery;

    public StatusesEndpoint(ListQuery listQuery) {
        this.listQuery = listQuery;
    }

    @Override
    public String name() {
        return MODEL;
    }

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        return Uni.createFrom().item(() -> {
            PbxInstance instance = call.instance();
            synchronized (instance) {
                return call.record() == null ? collection(call, instance) : record(call, instance);
            }
        });
    }

    private ApiResult collection(ApiCall call, PbxInstance instance) {
        return switch (call.method()) {
            case "GET" -> ApiResult.ok(listQuery.apply(instance.records().list(MODEL).stream()
                    .map(r -> StoredRecordsEndpoint.withSys(r, MODEL)).toList(), call.query()));
            case "POST" -> {
                ObjectNode status = fields(call.body());
                if (Json.text(status.get("title")) == null || Json.text(status.get("title")).isBlank()) {
                    throw InvalidFieldException.required("title");
                }
                String name = Json.text(status.get("name"));
                if (name == null || name.isBlank()) {
                    status.put("name", "statuses_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22));
                } else if (instance.records().get(MODEL, name).isPresent()) {
                    throw new InvalidFieldException("name", "Item already exists", "Status '" + name + "' already exists");
                }
                defaults(status);
                instance.records().put(MODEL, status);
                yield ApiResult.created(StoredRecordsEndpoint.withSys(status, MODEL));
            }
            default -> throw new MethodNotAllowedException("statuses.json accepts GET and POST");
        };
    }

    private ApiResult record(ApiCall call, PbxInstance instance) {
        ObjectNode existing = instance.records().get(MODEL, call.record())
                .orElseThrow(() -> new NotFoundException("Record '" + call.record() + "' not found in statuses"));
        return switch (call.method()) {
            case "GET" -> ApiResult.ok(StoredRecordsEndpoint.withSys(existing, MODEL));
            case "PUT" -> {
                ObjectNode changes = fields(call.body());
                changes.remove("name");
                if (changes.has("title") && (Json.text(changes.get("title")) == null
                        || Json.text(changes.get("title")).isBlank())) {
                    throw InvalidFieldException.required("title");
                }
                ObjectNode updated = existing.deepCopy();
                updated.setAll(changes);
                instance.records().put(MODEL, updated);
                yield ApiResult.ok(StoredRecordsEndpoint.withSys(updated, MODEL));
            }
            case "DELETE" -> {
                instance.records().delete(MODEL, call.record());
                yield ApiResult.noContent();
            }
            default -> throw new MethodNotAllowedException("statuses/{name}.json accepts GET, PUT and DELETE");
        };
    }

    private static ObjectNode fields(ObjectNode body) {
        ObjectNode status = Json.object();
        body.fields().forEachRemaining(f -> {
            if (FIELDS.contains(f.getKey())) {
                status.set(f.getKey(), f.getValue());
            }
        });
        return status;
    }

    private static void defaults(ObjectNode status) {
        for (String field : new String[] {"description", "color", "validation", "nps_score", "waiting_queue",
                "blacklist_database", "blacklist_expiration_time"}) {
            if (!status.has(field)) {
                status.putNull(field);
            }
        }
        if (!status.has("ignore_record_status")) {
            status.put("ignore_record_status", false);
        }
    }
}
