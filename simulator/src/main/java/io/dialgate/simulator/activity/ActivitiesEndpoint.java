package io.dialgate.simulator.activity;

import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code activities.json} (GET list, POST create) and {@code activities/{name}.json} (GET, PUT
 * {@code {action}}, DELETE).
 */
@ApplicationScoped
public class ActivitiesEndpoint implements ApiEndpoint {

    private final ActivityService activities;
    private final ListQuery listQuery;

    public ActivitiesEndpoint(ActivityService activities, ListQuery listQuery) {
        this.activities = activities;
        this.listQuery = listQuery;
    }

    @Override
    public String name() {
        return "activities";
    }

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        return Uni.createFrom().item(() -> call.record() == null ? collection(call) : record(call));
    }

    private ApiResult collection(ApiCall call) {
        return switch (call.method()) {
            case "GET" -> ApiResult.ok(listQuery.apply(activities.visible(call.instance(), call.user()), call.query()));
            case "POST" -> ApiResult.created(activities.create(call.instance(), call.user(), call.body()));
            default -> throw new MethodNotAllowedException("activities.json accepts GET and POST");
        };
    }

    private ApiResult record(ApiCall call) {
        return switch (call.method()) {
            case "GET" -> ApiResult.ok(activities.read(call.instance(), call.user(), call.record()));
            case "PUT", "POST" -> ApiResult.ok(activities.update(call.instance(), call.user(), call.record(),
                    call.body()));
            case "DELETE" -> {
                activities.delete(call.instance(), call.user(), call.record());
                yield ApiResult.noContent();
            }
            default -> throw new MethodNotAllowedException("activities/{name}.json accepts GET, PUT and DELETE");
        };
    }
}
