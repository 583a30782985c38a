package io.dialgate.simulator.login;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.pbx.Views;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code whoim.json}: the version and the token's user. Without a token it answers 200 with
 * {@code user: null}, as the official Dart connector's live test shows; a wrong token is a 401.
 */
@ApplicationScoped
public class WhoimEndpoint implements ApiEndpoint {

    private final SimulatorConfig config;

    public WhoimEndpoint(SimulatorConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "whoim";
    }

    @Override
    public boolean requiresToken() {
        return false;
    }

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        if (!call.isRead()) {
            throw new MethodNotAllowedException("whoim.json accepts GET");
        }
        ObjectNode result = Json.object().put("version", config.api().version());
        if (call.user() == null) {
            result.putNull("user");
        } else {
            result.set("user", Views.whoimUser(call.user(), call.token()));
        }
        return Uni.createFrom().item(ApiResult.ok(result));
    }
}
