package io.dialgate.simulator.session;

import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.dialgate.simulator.common.SimulatorConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code usersSession.json}: {@code POST {queues: [{login, name, penalty}], pause}} changes the
 * token's user's session; {@code GET} reads it. Both answer the session record.
 */
@ApplicationScoped
public class UsersSessionEndpoint implements ApiEndpoint {

    private final SessionService sessions;
    private final SimulatorConfig config;

    public UsersSessionEndpoint(SessionService sessions, SimulatorConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    @Override
    public String name() {
        return "usersSession";
    }

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        if (call.isRead()) {
            return Uni.createFrom().item(ApiResult.ok(sessions.session(call.instance(), call.user())));
        }
        if (!call.method().equals("POST") && !call.method().equals("PUT")) {
            throw new MethodNotAllowedException("usersSession.json accepts GET, POST and PUT");
        }
        return Uni.createFrom().item(new ApiResult(config.api().sessionUpdateStatus(),
                sessions.update(call.instance(), call.user(), call.body())));
    }
}
