package io.dialgate.gateway.operation;

import io.dialgate.client.Activity;
import io.dialgate.client.DaktelaClient;
import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaUnauthorizedException;
import io.dialgate.client.PullData;
import io.dialgate.client.UserSession;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.pbx.PbxClients;
import io.dialgate.gateway.pbx.PbxErrorTranslator;
import io.dialgate.gateway.polling.PolledStateService;
import io.dialgate.gateway.polling.TokenInvalidation;
import io.dialgate.gateway.user.ActingUser;
import io.dialgate.gateway.user.ActingUsers;
import io.dialgate.gateway.user.PbxUserService;
import io.dialgate.gateway.user.TokenStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The unified operations on a user's PBX session: queue login and logout, pause start and end, call
 * creation and a one-off state read. Each runs as the user, with the user's sealed token, and turns
 * Daktela's errors into gateway errors; a 401 marks the token invalid so nothing keeps hammering.
 */
@ApplicationScoped
public class AgentOperationsService {

    private static final Logger LOG = Logger.getLogger(AgentOperationsService.class);

    private final PbxUserService users;
    private final ActingUsers actingUsers;
    private final PbxClients clients;
    private final TokenInvalidation tokens;
    private final PolledStateService polledStates;

    public AgentOperationsService(PbxUserService users, ActingUsers actingUsers, PbxClients clients, TokenInvalidation tokens,
            PolledStateService polledStates) {
        this.polledStates = polledStates;
        this.users = users;
        this.actingUsers = actingUsers;
        this.clients = clients;
        this.tokens = tokens;
    }

    public UserSession queueLogin(String tenantId, String userId, String queue, int penalty) {
        return asUser(tenantId, userId, "queue login", c -> c.userSessions().queue(queue, true, penalty));
    }

    public UserSession queueLogout(String tenantId, String userId, String queue) {
        return asUser(tenantId, userId, "queue logout", c -> c.userSessions().queue(queue, false, 0));
    }

    public UserSession pauseStart(String tenantId, String userId, String pause) {
        return asUser(tenantId, userId, "pause start", c -> c.userSessions().pause(pause));
    }

    public UserSession pauseEnd(String tenantId, String userId) {
        return asUser(tenantId, userId, "pause end", c -> c.userSessions().unpause());
    }

    public Activity dial(String tenantId, String userId, String number, String queue) {
        Activity activity = asUser(tenantId, userId, "call creation", c -> c.activities().call().dial(number, queue));
        LOG.infof("User %s dialled through queue %s: activity %s", userId, queue, activity.name());
        return activity;
    }

    /** What polling last saw of the user, when it has seen anything (the user must exist in this tenant). */
    public java.util.Optional<PolledStateService.Polled> polledState(String tenantId, String userId) {
        users.get(tenantId, userId);
        return polledStates.find(tenantId, userId);
    }

    /** The user's full current state, read with an empty-hash {@code appPullData}. */
    public PullData snapshot(String tenantId, String userId) {
        return asUser(tenantId, userId, "state read", c -> c.appPullData(""));
    }

    private <T> T asUser(String tenantId, String userId, String operation, Function<DaktelaClient, T> call) {
        ActingUser user = actingUsers.get(tenantId, userId);
        if (user.tokenStatus() == TokenStatus.invalid) {
            throw new Errors.UnprocessableException("token_invalid", "The access token of user " + userId
                    + " was refused by the PBX; replace it with PATCH /v1/users/" + userId + " before the " + operation);
        }
        try {
            return call.apply(clients.forUser(user.pbxBaseUrl(), user.accessToken()));
        } catch (DaktelaUnauthorizedException e) {
            tokens.markInvalid(tenantId, userId, user.version(), operation);
            throw PbxErrorTranslator.translate(e, operation);
        } catch (DaktelaException e) {
            LOG.warnf("PBX %s refused or failed the %s of user %s: HTTP %d", user.pbxHostId(), operation, userId, e.status());
            throw PbxErrorTranslator.translate(e, operation);
        }
    }
}
