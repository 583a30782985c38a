package io.dialgate.gateway.operation;

import io.dialgate.client.Activity;
import io.dialgate.client.DaktelaClient;
import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaUnauthorizedException;
import io.dialgate.client.PullData;
import io.dialgate.client.UserSession;
import io.dialgate.gateway.common.Blocking;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.pbx.PbxErrorTranslator;
import io.dialgate.gateway.polling.CommandTraces;
import io.dialgate.gateway.polling.PolledStateService;
import io.dialgate.gateway.user.TokenInvalidation;
import io.dialgate.gateway.user.ActingUser;
import io.dialgate.gateway.user.ActingUsers;
import io.dialgate.gateway.user.PbxUserService;
import io.dialgate.gateway.tracing.TraceContext;
import io.dialgate.gateway.user.TokenStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
    private final TokenInvalidation tokens;
    private final PolledStateService polledStates;
    private final CommandTraces commandTraces;

    public AgentOperationsService(PbxUserService users, ActingUsers actingUsers, TokenInvalidation tokens,
            PolledStateService polledStates, CommandTraces commandTraces) {
        this.commandTraces = commandTraces;
        this.polledStates = polledStates;
        this.users = users;
        this.actingUsers = actingUsers;
        this.tokens = tokens;
    }

    public Uni<UserSession> queueLogin(String tenantId, String userId, String queue, int penalty) {
        return command(tenantId, userId, "queue login", c -> c.userSessions().queueAsync(queue, true, penalty));
    }

    public Uni<UserSession> queueLogout(String tenantId, String userId, String queue) {
        return command(tenantId, userId, "queue logout", c -> c.userSessions().queueAsync(queue, false, 0));
    }

    public Uni<UserSession> pauseStart(String tenantId, String userId, String pause) {
        return command(tenantId, userId, "pause start", c -> c.userSessions().pauseAsync(pause));
    }

    public Uni<UserSession> pauseEnd(String tenantId, String userId) {
        return command(tenantId, userId, "pause end", c -> c.userSessions().unpauseAsync());
    }

    public Uni<Activity> dial(String tenantId, String userId, String number, String queue) {
        return command(tenantId, userId, "call creation", c -> c.activities().call().dialAsync(number, queue))
                .invoke(activity -> LOG.infof("User %s dialled through queue %s: activity %s", userId, queue, activity.name()));
    }

    /**
     * Dials for another PBX login over which the user has rights on the PBX (Daktela's {@code user} field); the
     * PBX's refusal is a 403 naming both.
     */
    public Uni<Activity> dialFor(String tenantId, String userId, String forLogin, String number, String queue) {
        return asUser(tenantId, userId, "call creation", c -> c.activities().call().dialForAsync(forLogin, number, queue))
                .onFailure(Errors.PbxConflictException.class).transform(e -> new Errors.ForbiddenException("no_rights_over_login",
                        "User " + userId + " has no rights on the PBX over login '" + forLogin + "', so it cannot dial for it"))
                .invoke(activity -> LOG.infof("User %s dialled for %s through queue %s: activity %s", userId, forLogin, queue,
                        activity.name()));
    }

    /** Hangs up the call of an activity (or closes the activity when the call has ended): {@code PUT {action: CLOSE}}. */
    public Uni<Activity> hangUp(String tenantId, String userId, String activity) {
        return asUser(tenantId, userId, "hang-up", c -> c.activities().closeAsync(activity)
                .onFailure(io.dialgate.client.DaktelaNotFoundException.class)
                .transform(e -> new Errors.NotFoundException("activity", activity)));
    }

    /** A page of the activities the user sees on the PBX, newest first; {@code type} and {@code open} filter. */
    public Uni<io.dialgate.client.Page<Activity>> activities(String tenantId, String userId, String type, Boolean open,
            int offset, int take) {
        io.dialgate.client.ListQuery.Builder query = io.dialgate.client.ListQuery.builder()
                .sort("time", io.dialgate.client.ListQuery.Direction.DESC).skip(offset).take(take);
        if (type != null) {
            query.filter("type", type);
        }
        if (open != null) {
            query.filter("action", open ? "neq" : "eq", "CLOSE");
        }
        return asUser(tenantId, userId, "activity list read", c -> c.activities().listAsync(query.build()));
    }

    /** What polling last saw of the user, when it has seen anything (the user must exist in this tenant). */
    public java.util.Optional<PolledStateService.Polled> polledState(String tenantId, String userId) {
        users.get(tenantId, userId);
        return polledStates.find(tenantId, userId);
    }

    /** The user's full current state, read with an empty-hash {@code appPullData}. */
    public Uni<PullData> snapshot(String tenantId, String userId) {
        return asUser(tenantId, userId, "state read", c -> c.appPullDataAsync(""));
    }

    /**
     * Runs a command that changes the agent's state. When the request is traced, the command first leaves its
     * trace context for the poll answer that will show the change ({@link CommandTraces}), and is then sent from
     * the request's own Vert.x context, as without tracing, so that the PBX request's span is a child of the
     * request's. Untraced, it is {@link #asUser} alone.
     */
    private <T> Uni<T> command(String tenantId, String userId, String operation, Function<DaktelaClient, Uni<T>> call) {
        String traceparent = TraceContext.current();
        Context request = Vertx.currentContext();
        if (traceparent == null || request == null) {
            return asUser(tenantId, userId, operation, call);
        }
        return Blocking.run(() -> commandTraces.remember(tenantId, userId, traceparent))
                .emitOn(task -> request.runOnContext(ignored -> task.run()))
                .chain(() -> asUser(tenantId, userId, operation, call));
    }

    /**
     * Runs the call as the user (other features' operations go through here too, so every PBX command
     * shares one error translation and token-invalidation rule). Non-blocking when the user is cached (the usual case): no worker
     * thread is taken while the PBX answers. A 401 marks the token invalid (a write, so on a worker).
     */
    public <T> Uni<T> asUser(String tenantId, String userId, String operation, Function<DaktelaClient, Uni<T>> call) {
        return actingUsers.find(tenantId, userId).chain(user -> {
            if (user.tokenStatus() == TokenStatus.invalid) {
                return Uni.createFrom().failure(new Errors.UnprocessableException("token_invalid", "The access token of user " + userId
                        + " was refused by the PBX; replace it with PATCH /v1/users/" + userId + " before the " + operation));
            }
            return call.apply(user.client())
                    .onFailure(DaktelaException.class).recoverWithUni(e -> failed(user, operation, (DaktelaException) e));
        });
    }

    private <T> Uni<T> failed(ActingUser user, String operation, DaktelaException e) {
        if (e instanceof DaktelaUnauthorizedException) {
            return Blocking.run(() -> tokens.markInvalid(user.tenantId(), user.userId(), user.version(), operation))
                    .chain(() -> Uni.createFrom().failure(PbxErrorTranslator.translate(e, operation)));
        }
        LOG.warnf("PBX %s refused or failed the %s of user %s: HTTP %d", user.pbxHostId(), operation, user.userId(), e.status());
        return Uni.createFrom().failure(PbxErrorTranslator.translate(e, operation));
    }
}
