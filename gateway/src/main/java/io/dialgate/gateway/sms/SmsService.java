package io.dialgate.gateway.sms;

import io.dialgate.client.Activity;
import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaNotFoundException;
import io.dialgate.client.Queue;
import io.dialgate.client.SmsMessage;
import io.dialgate.gateway.catalog.PbxCatalog;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Hashes;
import io.dialgate.gateway.operation.AgentOperationsService;
import io.dialgate.gateway.pbx.PbxErrorTranslator;
import io.dialgate.gateway.user.ActingUsers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends SMS as a user: picks and checks the SMS queue against the PBX's queue list (so a wrong queue
 * is refused before anything reaches the PBX), sends with the user's token, and finds a sent SMS again
 * by the activity name an idempotency key maps to.
 */
@ApplicationScoped
public class SmsService {

    private static final Logger LOG = Logger.getLogger(SmsService.class);

    private final AgentOperationsService operations;
    private final PbxCatalog catalog;
    private final ActingUsers actingUsers;

    public SmsService(AgentOperationsService operations, PbxCatalog catalog, ActingUsers actingUsers) {
        this.operations = operations;
        this.catalog = catalog;
        this.actingUsers = actingUsers;
    }

    /**
     * The activity name an idempotency key stands for. Daktela lets a client choose an activity's name and
     * refuses one it already has, so a retried send can never create a second SMS, and the first one can be
     * read back by this name. Scoped by tenant and user: two tenants' equal keys never meet.
     */
    public static String activityName(String tenantId, String userId, String idempotencyKey) {
        return "dgsms_" + Hashes.sha256Hex(tenantId + '\n' + userId + '\n' + idempotencyKey).substring(0, 32);
    }

    /** Sends the SMS; {@code activityName} null lets the PBX name it. */
    public Uni<Activity> send(String tenantId, String userId, String number, String text, String queue, String forLogin,
            String activityName) {
        return smsQueue(tenantId, userId, queue).chain(chosen -> {
            SmsMessage message = SmsMessage.of(number, text, chosen);
            if (activityName != null) {
                message = message.withName(activityName);
            }
            if (forLogin != null) {
                message = message.forUser(forLogin);
            }
            SmsMessage outgoing = message;
            return operations.asUser(tenantId, userId, "SMS sending", c -> c.sms().sendAsync(outgoing))
                    .onFailure(Errors.PbxConflictException.class).transform(e -> forLogin == null ? e
                            : new Errors.ForbiddenException("no_rights_over_login", "User " + userId
                                    + " has no rights on the PBX over login '" + forLogin + "', so it cannot send for it"))
                    .invoke(a -> LOG.infof("User %s sent an SMS through queue %s: activity %s", userId, chosen, a.name()));
        });
    }

    /** The SMS activity of that name, if the PBX has it; blocking (the idempotency store calls it on a worker). */
    public Optional<Activity> find(String tenantId, String userId, String activityName) {
        try {
            return Optional.of(actingUsers.find(tenantId, userId)
                    .chain(user -> user.client().activities().getAsync(activityName)).await().indefinitely());
        } catch (DaktelaNotFoundException e) {
            return Optional.empty();
        } catch (DaktelaException e) {
            throw PbxErrorTranslator.translate(e, "look-up of an SMS whose answer was lost");
        }
    }

    /** The named queue when it is an SMS queue, the only SMS queue when none is named; a 422 otherwise. */
    private Uni<String> smsQueue(String tenantId, String userId, String queue) {
        return catalog.queues(tenantId, userId).map(queues -> {
            List<String> sms = queues.stream().filter(q -> "sms".equals(q.type())).map(Queue::name).toList();
            if (queue != null) {
                if (!sms.contains(queue)) {
                    throw new Errors.UnprocessableException("not_sms_queue", "Queue '" + queue + "' is not an SMS queue"
                            + " of this PBX; " + named(sms));
                }
                return queue;
            }
            if (sms.size() == 1) {
                return sms.get(0);
            }
            throw new Errors.UnprocessableException(sms.isEmpty() ? "no_sms_queue" : "queue_required",
                    sms.isEmpty() ? "The PBX has no SMS queue" : "Name the queue to send through; " + named(sms));
        });
    }

    private static String named(List<String> sms) {
        return sms.isEmpty() ? "the PBX has no SMS queue" : "SMS queues: " + String.join(", ", sms);
    }
}
