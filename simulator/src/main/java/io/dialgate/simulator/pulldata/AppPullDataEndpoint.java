package io.dialgate.simulator.pulldata;

import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code appPullData.json?hash=..}: the long poll of a user's dynamic data. */
@ApplicationScoped
public class AppPullDataEndpoint implements ApiEndpoint {

    private final PullService pulls;

    public AppPullDataEndpoint(PullService pulls) {
        this.pulls = pulls;
    }

    @Override
    public String name() {
        return "appPullData";
    }

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        if (!call.isRead()) {
            throw new MethodNotAllowedException("appPullData.json accepts GET");
        }
        String hash = Json.text(call.query().get("hash"));
        return pulls.pull(call.instance(), call.user(), hash).map(ApiResult::ok);
    }
}
