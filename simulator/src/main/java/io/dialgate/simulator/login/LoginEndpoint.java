package io.dialgate.simulator.login;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.api.ApiResult;
import io.dialgate.simulator.common.DaktelaTime;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.dialgate.simulator.common.Tokens;
import io.dialgate.simulator.common.UnauthorizedException;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Profile;
import io.dialgate.simulator.pbx.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code login.json}: {@code POST {username, password, only_token: 1}} answers the user's static
 * token as a string; without {@code only_token} it issues an {@code {accessToken, refreshToken}}
 * pair (newer servers) with {@code accessTokenExpirationDate} (null while the instance's tokens never
 * expire); {@code PUT {refreshToken}} trades a refresh token for a new pair. A static token never expires.
 */
@ApplicationScoped
public class LoginEndpoint implements ApiEndpoint {

    private final Clock clock;
    private final SimulatorConfig config;

    public LoginEndpoint(Clock clock, SimulatorConfig config) {
        this.clock = clock;
        this.config = config;
    }

    @Override
    public String name() {
        return "login";
    }

    @Override
    public boolean requiresToken() {
        return false;
    }

    @Override
    public boolean readsToken() {
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
                return cookie(ApiResult.ok(TextNode.valueOf(token)), token, instance.profile().withoutExpiry());
            }
            return issue(instance, user.login());
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
            return issue(instance, login);
        }
    }

    /**
     * A new token pair with its expiry ({@code null} when the instance's tokens never expire), setting the
     * {@code c_user} cookie when configured so.
     */
    private ApiResult issue(PbxInstance instance, String login) {
        String access = Tokens.newToken();
        String refresh = Tokens.newToken();
        Profile profile = instance.profile();
        long expiresAt = profile.tokensExpire() ? clock.millis() + profile.tokenLifetime().toMillis() : 0;
        instance.issueSessionToken(login, access, refresh, expiresAt);
        ObjectNode pair = Json.object().put("accessToken", access).put("refreshToken", refresh);
        if (expiresAt > 0) {
            pair.put("accessTokenExpirationDate", DaktelaTime.format(Instant.ofEpochMilli(expiresAt), profile.zone()));
        } else {
            pair.putNull("accessTokenExpirationDate");
        }
        return cookie(ApiResult.ok(pair), access, profile);
    }

    private ApiResult cookie(ApiResult result, String token, Profile profile) {
        if (!config.login().setCookie()) {
            return result;
        }
        String cookie = "c_user=" + token + "; Path=/; HttpOnly; SameSite=Lax";
        return result.withCookie(profile.tokensExpire() ? cookie + "; Max-Age=" + profile.tokenLifetime().toSeconds()
                : cookie);
    }
}
