package io.dialgate.gateway.actionhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.client.Activity;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Problem;
import io.dialgate.gateway.operation.AgentOperationsService;
import io.dialgate.gateway.operation.IdempotencyStore;
import io.dialgate.gateway.operation.IdempotentExecutor;
import io.dialgate.gateway.operation.OutcomeLookup;
import io.dialgate.gateway.operation.PlacedCalls;
import io.dialgate.gateway.sms.SmsService;
import io.dialgate.gateway.ticket.TicketService;
import io.dialgate.gateway.ratelimit.TenantRateLimiter;
import io.dialgate.gateway.webhook.WebhookSigner;
import io.smallrye.mutiny.Uni;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Receives signed commands on an action hook's URL. The signature (Standard Webhooks) is checked
 * on the raw body before anything is parsed; the exact same signed message twice is a replay and
 * refused, while a sender's retry (same {@code webhook-id}, new timestamp) gets the first answer again.
 */
@Path("/hooks/actions/{hookId}")
@Tag(name = "Action hooks")
public class ActionHookReceiverResource {

    private static final Logger LOG = Logger.getLogger(ActionHookReceiverResource.class);

    private final ActionHookService hooks;
    private final ActionHookConfig config;
    private final AgentOperationsService operations;
    private final IdempotentExecutor idempotent;
    private final IdempotencyStore seenMessages;
    private final PlacedCalls placedCalls;
    private final SmsService sms;
    private final TicketService tickets;
    private final TenantRateLimiter rateLimiter;
    private final ObjectMapper json;
    private final Validator validator;
    private final Clock clock;

    public ActionHookReceiverResource(ActionHookService hooks, ActionHookConfig config, AgentOperationsService operations,
            IdempotentExecutor idempotent, IdempotencyStore seenMessages, PlacedCalls placedCalls, SmsService sms, TicketService tickets, TenantRateLimiter rateLimiter, ObjectMapper json,
            Validator validator, Clock clock) {
        this.hooks = hooks;
        this.config = config;
        this.operations = operations;
        this.idempotent = idempotent;
        this.seenMessages = seenMessages;
        this.placedCalls = placedCalls;
        this.sms = sms;
        this.tickets = tickets;
        this.rateLimiter = rateLimiter;
        this.json = json;
        this.validator = validator;
        this.clock = clock;
    }

    public record ActionResult(String action, String userId, Object result) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a signed command (queue.login, queue.logout, pause.start, pause.end, call, call.hangup, sms.send, ticket.create)")
    @APIResponse(responseCode = "200", description = "Done; the body carries the operation's result")
    @APIResponse(responseCode = "400", description = "Invalid command")
    @APIResponse(responseCode = "401", description = "Missing, stale (over 5 minutes) or wrong signature")
    @APIResponse(responseCode = "403", description = "The hook's tenant is suspended")
    @APIResponse(responseCode = "404", description = "No such hook or user")
    @APIResponse(responseCode = "409", description = "The same signed message was already received (replay)")
    @APIResponse(responseCode = "422", description = "The PBX refused the operation")
    @APIResponse(responseCode = "502", description = "The PBX failed or is unreachable")
    public Uni<Response> receive(@PathParam("hookId") String hookId,
            @HeaderParam("webhook-id") String messageId,
            @HeaderParam("webhook-timestamp") String timestamp,
            @HeaderParam("webhook-signature") String signature,
            @jakarta.ws.rs.core.Context io.vertx.ext.web.RoutingContext routing,
            String body) {
        // Returning a Uni makes the REST layer read the body on the event loop; a worker is taken only once the
        // whole body is in (HookRequestGuard has already refused unsigned requests and bounds the read in time).
        // A failure (a body that does not parse included) reaches the one error mapper like any other.
        return Uni.createFrom().<Response>emitter(emitter -> {
            try {
                emitter.complete(handle(routing.get(HookRequestGuard.HOOK), hookId, messageId, timestamp, signature, body));
            } catch (JsonProcessingException | RuntimeException e) {
                emitter.fail(e);
            }
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    /** {@code checked}: the hook HookRequestGuard found, its tenant not suspended (null if the guard did not look). */
    private Response handle(ActionHook checked, String hookId, String messageId, String timestamp, String signature, String body)
            throws JsonProcessingException {
        ActionHook hook = checked != null ? checked
                : hooks.findForDelivery(hookId).orElseThrow(() -> new Errors.NotFoundException("action hook", hookId));
        String payload = body == null ? "" : body;
        WebhookSigner.Verdict verdict = WebhookSigner.verify(hooks.secret(hook), messageId, timestamp, signature, payload,
                clock.instant(), config.tolerance());
        if (verdict != WebhookSigner.Verdict.VALID) {
            LOG.debugf("Refused a request to action hook %s: %s", hookId, verdict);
            throw new Errors.UnauthenticatedException(switch (verdict) {
                case MISSING_HEADERS -> "Missing webhook-id, webhook-timestamp or webhook-signature header, or a webhook-timestamp"
                        + " that is not whole seconds written as plain digits";
                case STALE_TIMESTAMP -> "webhook-timestamp is more than " + config.tolerance().toMinutes() + " minutes from now";
                default -> "webhook-signature does not match the body signed with this hook's secret";
            });
        }
        if (checked == null && hooks.tenantSuspended(hook)) {
            throw new Errors.ForbiddenException("tenant_suspended",
                    "The tenant of this action hook is suspended; its operator can lift the suspension");
        }
        rateLimiter.acquire(hook.tenantId);
        // The verified timestamp is in its one canonical spelling (digits, no sign, no leading zero), so a replay
        // cannot pass as a new message by writing the same second another way.
        if (!seenMessages.claim(hook.tenantId, "hook-message:" + hook.id, messageId + "." + timestamp.trim(), "-")) {
            throw new Errors.ConflictException("replayed_message", "This exact signed message was already received");
        }
        ActionCommand command = parse(payload);
        String userId = Optional.ofNullable(hook.userId).or(() -> Optional.ofNullable(command.userId()))
                .orElseThrow(() -> new Errors.ValidationException("userId", "is required: this hook is not bound to a user"));
        if (hook.userId != null && command.userId() != null && !hook.userId.equals(command.userId())) {
            throw new Errors.ValidationException("userId", "this hook acts only for user " + hook.userId);
        }
        java.util.function.Supplier<ActionResult> action =
                () -> new ActionResult(command.action().name(), userId, run(hook.tenantId, userId, command,
                        smsName(hook.id, userId, messageId)));
        IdempotentExecutor.Outcome outcome = idempotent.execute(hook.tenantId, "hook:" + hook.id, messageId, command,
                action, outcomeLookup(hook.tenantId, userId, command, action, smsName(hook.id, userId, messageId)));
        Response.ResponseBuilder response = Response.status(outcome.status() == 201 ? 200 : outcome.status()).entity(outcome.body())
                .type(outcome.status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON);
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    /**
     * How a retry learns what a command whose answer was lost did: a call is looked for among the user's
     * activities (dialling again could call the customer twice); the other commands set a state, so running
     * them again is safe.
     */
    private OutcomeLookup<ActionResult> outcomeLookup(String tenantId, String userId, ActionCommand command,
            java.util.function.Supplier<ActionResult> action, String smsName) {
        if (command.action() == ActionCommand.ActionType.SMS_SEND) {
            // The SMS carries a name derived from the message id: the PBX shows whether the first try sent it.
            return OutcomeLookup.of(result -> ((Activity) result.result()).name(), (sinceClaim, credited) ->
                    sms.find(tenantId, userId, smsName).map(a -> new ActionResult(command.action().name(), userId, a)));
        }
        if (command.action() == ActionCommand.ActionType.TICKET_CREATE) {
            // A ticket's number is the PBX's choice, so a lost answer cannot be matched to a ticket: the retry
            // answers 409 idempotency_outcome_unknown rather than risk a second ticket.
            return OutcomeLookup.of(result -> null, (sinceClaim, credited) -> Optional.empty());
        }
        if (command.action() != ActionCommand.ActionType.CALL) {
            return OutcomeLookup.byRunningAgain(action);
        }
        return OutcomeLookup.of(result -> ((Activity) result.result()).name(), (sinceClaim, credited) ->
                placedCalls.find(tenantId, userId, command.number(), command.queue(), sinceClaim, credited)
                        .map(activity -> new ActionResult(command.action().name(), userId, activity)));
    }

    /** Runs the command and waits for the PBX: this endpoint is blocking (signature check, idempotency claim). */
    /** The SMS activity name of a hook message: the same on every retry of that message, unique otherwise. */
    private static String smsName(String hookId, String userId, String messageId) {
        return SmsService.activityName(hookId, userId, messageId);
    }

    private Object run(String tenantId, String userId, ActionCommand c, String smsName) {
        Uni<?> operation = switch (c.action()) {
            case QUEUE_LOGIN -> operations.queueLogin(tenantId, userId, require(c.queue(), "queue"), c.penalty() == null ? 0 : c.penalty());
            case QUEUE_LOGOUT -> operations.queueLogout(tenantId, userId, require(c.queue(), "queue"));
            case PAUSE_START -> operations.pauseStart(tenantId, userId, require(c.pause(), "pause"));
            case PAUSE_END -> operations.pauseEnd(tenantId, userId);
            case CALL -> operations.dial(tenantId, userId, require(c.number(), "number"), require(c.queue(), "queue"));
            case CALL_HANGUP -> operations.hangUp(tenantId, userId, require(c.activity(), "activity"));
            case SMS_SEND -> sms.send(tenantId, userId, require(c.number(), "number"), require(c.text(), "text"), c.queue(),
                    null, smsName);
            case TICKET_CREATE -> tickets.create(tenantId, userId, new TicketService.NewTicket(require(c.title(), "title"),
                    require(c.category(), "category"), null, c.priority(), c.description(), null, null));
        };
        return operation.await().indefinitely();
    }

    /** Jackson's exceptions go to {@code ProblemMapper}, which words them as for every other body (their own messages name classes). */
    private ActionCommand parse(String payload) throws JsonProcessingException {
        ActionCommand command = json.readValue(payload, ActionCommand.class);
        if (command == null) {
            throw new Errors.ValidationException("body", "must be a JSON object with an action");
        }
        Set<ConstraintViolation<ActionCommand>> violations = validator.validate(command);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return command;
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Errors.ValidationException(field, "is required for this action");
        }
        return value;
    }

}
