package io.dialgate.simulator.login;

import com.fasterxml.jackson.databind.node.TextNode;
import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.dialgate.simulator.common.Tokens;
import io.dialgate.simulator.common.UnauthorizedException;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code login.json}: {@code POST {username, password, only_token: 1}} answers the user's static
 * token as a string; without {@code only_token} it issues an {@code {accessToken, refreshToken}}
 * pair (newer servers); {@code PUT {refreshToken}} trades a refresh token for a new pair.
 */
@ApplicationScoped
public class LoginEndpoint implements ApiEndpoint {

    @Override
    public String name() {
        return "login";
    }

    @Override
    public boolean requiresToken() {
        return false;
    }

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        return Uni.createFrom().item(() -> switch (call.method()) {
            case "POST" -> login(call);
            case "PUT" -> refresh(call);
            default -> throw new MethodNotAllowedException("login.json accepts POST and PUT");
        });
    }

    private ApiResult login(ApiCall call) {
        String username = Json.text(call.body().get("username"));
        String password = Json.text(call.body().get("password"));
        if (username == null || password == null) {
            throw new UnauthorizedException("Invalid username or password");
        }
        PbxInstance instance = call.instance();
        synchronized (instance) {
            User user = instance.user(username).filter(u -> password.equals(u.password()))
                    .orElseThrow(() -> new UnauthorizedException("Invalid username or password"));
            boolean onlyToken = !Json.isMissing(call.body().get("only_token"))
                    && Json.bool(call.body().get("only_token"), "only_token");
            if (onlyToken) {
                String token = user.accessToken();
                if (token == null) {
                    // A revoked user logging in again gets a fresh static token, like a PBX re-login.
                    token = Tokens.newToken();
                    instance.setToken(user.login(), token);
                }
                return ApiResult.ok(TextNode.valueOf(token));
            }
            return ApiResult.ok(issue(instance, user.login()));
        }
    }

    private ApiResult refresh(ApiCall call) {
        String refreshToken = Json.text(call.body().get("refreshToken"));
        if (refreshToken == null) {
            throw new InvalidInputException("Field 'refreshToken' is required");
        }
        PbxInstance instance = call.instance();
        synchronized (instance) {
            String login = instance.consumeRefreshToken(refreshToken)
                    .orElseThrow(() -> new UnauthorizedException("Invalid refresh token"));
            return ApiResult.ok(issue(instance, login));
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode issue(PbxInstance instance, String login) {
        String access = Tokens.newToken();
        String refresh = Tokens.newToken();
        instance.issueSessionToken(login, access, refresh);
        return Json.object().put("accessToken", access).put("refreshToken", refresh);
    }
}
