package io.dialgate.simulator.activity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.DaktelaTime;
import io.dialgate.simulator.common.ForbiddenException;
import io.dialgate.simulator.common.InvalidFieldException;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.NotFoundException;
import io.dialgate.simulator.pbx.Activity;
import io.dialgate.simulator.pbx.Call;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Queue;
import io.dialgate.simulator.pbx.User;
import io.dialgate.simulator.pbx.Views;
import io.dialgate.simulator.sms.SmsService;
import io.dialgate.simulator.ticket.TicketService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * CALL, SMS and comment activities: creation with the rights and queue rules of Daktela, reading what the
 * token's user may see (its own activities and those of users it has rights over), and closing.
 */
@ApplicationScoped
public class ActivityService {

    /** Daktela's form message for a field naming a record that does not exist. */
    private static final String FOREIGN_KEY = "Foreign key error";
    private static final Set<String> ACTIONS = Set.of("OPEN", "WAIT", "POSTPONE", "CLOSE");

    private final CallService calls;
    private final SmsService sms;
    private final TicketService tickets;
    private final Clock clock;

    public ActivityService(CallService calls, SmsService sms, TicketService tickets, Clock clock) {
        this.calls = calls;
        this.sms = sms;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** Creates a CALL or SMS activity for the token's user or for {@code user} it has rights over. */
    public ObjectNode create(PbxInstance instance, User caller, ObjectNode body) {
        String type = Json.text(body.get("type")) == null ? null : Json.text(body.get("type")).toUpperCase();
        if (type == null) {
            throw new InvalidInputException("Field 'type' is required");
        }
        synchronized (instance) {
            String target = Json.text(body.get("user"));
            if (target == null || target.isEmpty()) {
                target = caller.login();
            } else if (instance.user(target).isEmpty()) {
                throw new InvalidFieldException("user", FOREIGN_KEY, "Unknown user '" + target + "'");
            }
            if (!caller.hasRightsOver(target)) {
                throw new ForbiddenException("User '" + caller.login() + "' has no rights over user '" + target + "'");
            }
            return switch (type) {
                case "CALL" -> Views.activity(instance, call(instance, target, body));
                case "SMS" -> Views.activity(instance, sms.send(instance, target, body));
                case "", "COMMENT" -> Views.activity(instance, tickets.comment(instance, target, body));
                default -> throw new InvalidFieldException("type", "Invalid value", "Field 'type' must be CALL, SMS or '' (a comment)");
            };
        }
    }

    private Activity call(PbxInstance instance, String target, ObjectNode body) {
        String number = Json.requiredText(body, "number");
        String queueName = Json.requiredText(body, "queue");
        Queue queue = instance.queue(queueName)
                .orElseThrow(() -> new InvalidFieldException("queue", FOREIGN_KEY, "Unknown queue '" + queueName + "'"));
        if (!"out".equals(queue.type())) {
            throw new InvalidInputException("Queue '" + queueName + "' is not an outbound queue");
        }
        if (!instance.agent(target).isLoggedIn(queueName)) {
            throw new InvalidInputException("User '" + target + "' is not logged in to queue '" + queueName + "'");
        }
        return calls.dialOut(instance, target, queueName, number);
    }

    /** Activities the caller may see, oldest first. */
    public List<ObjectNode> visible(PbxInstance instance, User caller) {
        synchronized (instance) {
            return instance.activities().stream().filter(a -> caller.hasRightsOver(a.user()))
                    .map(a -> Views.activity(instance, a)).toList();
        }
    }

    /** One activity the caller may see; 404 otherwise, so foreign names are not confirmed. */
    public ObjectNode read(PbxInstance instance, User caller, String name) {
        synchronized (instance) {
            return Views.activity(instance, visibleActivity(instance, caller, name));
        }
    }

    /** {@code PUT {action}}: CLOSE closes (ending a live call); OPEN, WAIT and POSTPONE set the action. */
    public ObjectNode update(PbxInstance instance, User caller, String name, ObjectNode body) {
        String action = Json.requiredText(body, "action").toUpperCase();
        if (!ACTIONS.contains(action)) {
            throw new InvalidInputException("Field 'action' must be one of OPEN, WAIT, POSTPONE, CLOSE");
        }
        synchronized (instance) {
            Activity activity = visibleActivity(instance, caller, name);
            if ("CLOSE".equals(action)) {
                if ("CLOSE".equals(activity.action())) {
                    return Views.activity(instance, activity);
                }
                Call call = activity.call();
                if (call != null && call.state() != Call.State.ENDED) {
                    calls.hangup(instance, call);
                }
                instance.mutate().closeActivity(activity, DaktelaTime.now(clock, instance.profile().zone()), clock.millis());
            } else {
                instance.mutate().setAction(activity, action);
            }
            instance.commit(activity.user());
            return Views.activity(instance, activity);
        }
    }

    /** Deletes an activity the caller may see. */
    public void delete(PbxInstance instance, User caller, String name) {
        synchronized (instance) {
            Activity activity = visibleActivity(instance, caller, name);
            Call call = activity.call();
            if (call != null && call.state() != Call.State.ENDED) {
                calls.hangup(instance, call);
            }
            instance.deleteActivity(name);
        }
    }

    /** The call of an activity the caller may see, by call id. */
    public ObjectNode readCall(PbxInstance instance, User caller, String callId) {
        synchronized (instance) {
            Call call = instance.call(callId)
                    .filter(c -> instance.activity(c.activityName()).map(a -> caller.hasRightsOver(a.user()))
                            .orElse(false))
                    .orElseThrow(() -> new NotFoundException("Call '" + callId + "' not found"));
            return Views.call(instance, call);
        }
    }

    /** Calls the caller may see. */
    public List<ObjectNode> visibleCalls(PbxInstance instance, User caller) {
        synchronized (instance) {
            return instance.calls().stream()
                    .filter(c -> instance.activity(c.activityName()).map(a -> caller.hasRightsOver(a.user()))
                            .orElse(false))
                    .map(c -> Views.call(instance, c)).toList();
        }
    }

    private static Activity visibleActivity(PbxInstance instance, User caller, String name) {
        return instance.activity(name).filter(a -> caller.hasRightsOver(a.user()))
                .orElseThrow(() -> new NotFoundException("Activity '" + name + "' not found"));
    }
}
