package io.dialgate.simulator.activity;

import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code activitiesCall.json} and {@code activitiesCall/{id_call}.json}: calls, read-only. */
@ApplicationScoped
public class ActivitiesCallEndpoint implements ApiEndpoint {

    private final ActivityService activities;
    private final ListQuery listQuery;

    public ActivitiesCallEndpoint(ActivityService activities, ListQuery listQuery) {
        this.activities = activities;
        this.listQuery = listQuery;
    }

    @Override
    public String name() {
        return "activitiesCall";
    }

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        if (!call.isRead()) {
            throw new MethodNotAllowedException("activitiesCall.json is read-only");
        }
        return Uni.createFrom().item(() -> call.record() == null
                ? ApiResult.ok(listQuery.apply(activities.visibleCalls(call.instance(), call.user()), call.query()))
                : ApiResult.ok(activities.readCall(call.instance(), call.user(), call.record())));
    }
}
