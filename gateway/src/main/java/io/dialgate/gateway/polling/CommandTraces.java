package io.dialgate.gateway.polling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;

/**
 * Hands a traced command's trace context to the poll answer that will see its effect. A command (queue login,
 * pause, call) changes the agent's state on the PBX; the gateway learns of the change from the user's next
 * {@code appPullData} answer, maybe on another replica, and only that answer makes the events and webhooks.
 * The command leaves its {@code traceparent} on the user's polling row before it is sent, and the first poll
 * answer with events within {@link #WINDOW} takes it as its parent (and clears it), so one trace runs from the
 * API call to the webhook attempts. Called only for sampled commands: with tracing off nothing is written.
 */
@ApplicationScoped
public class CommandTraces {

    /** How long a command's trace context waits for the answer that shows its effect. */
    static final Duration WINDOW = Duration.ofSeconds(30);

    private final EntityManager em;
    private final Clock clock;

    public CommandTraces(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Leaves the command's trace context on the user's polling row (none yet: the user is not polled, nothing to do). */
    @Transactional
    public void remember(String tenantId, String userId, String traceparent) {
        em.createNativeQuery("""
                UPDATE user_state SET command_traceparent = ?1, command_trace_until = ?2
                WHERE tenant_id = ?3 AND user_id = ?4""")
                .setParameter(1, traceparent).setParameter(2, clock.instant().plus(WINDOW))
                .setParameter(3, tenantId).setParameter(4, userId)
                .executeUpdate();
    }
}
