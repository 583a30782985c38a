package io.dialgate.gateway.polling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.gateway.event.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records failed polls of a user whose PBX answers, but with an error (a 404 for a removed user, a 500): without
 * this such a user kept {@code tokenStatus: valid} while its stored state silently aged. After
 * {@code dialgate.polling.failing-after} failures in a row the user counts as failing and
 * {@code user.polling_failed} is sent, once per failure run; the next answered poll ends the run
 * ({@link StateRecorder} clears it).
 */
@ApplicationScoped
public class PollFailures {

    private static final Logger LOG = Logger.getLogger(PollFailures.class);
    /** Errors are shown in the API and the console; a PBX's error page is cut to this many characters. */
    static final int MAX_ERROR_LENGTH = 500;

    private final UserStateRepository states;
    private final StateRecorder recorder;
    private final EntityManager em;
    private final PollingConfig config;
    private final Clock clock;

    public PollFailures(UserStateRepository states, StateRecorder recorder, EntityManager em, PollingConfig config, Clock clock) {
        this.states = states;
        this.recorder = recorder;
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    /** Counts one failed poll; returns true when this one made the user failing (and sent the event). */
    @Transactional
    public boolean record(PollTarget target, String error) {
        Instant now = clock.instant();
        UserState row = states.lockOrCreateAcrossTenants(target.tenantId(), target.userId(), now);
        row.pollFailures++;
        row.pollError = truncate(error);
        row.pollErrorAt = now;
        if (row.pollFailingSince == null) {
            row.pollFailingSince = now;
        }
        row.updatedAt = now;
        if (row.pollFailures < config.failingAfter() || row.pollFailureEventSent) {
            states.writeAll(List.of(row));
            return false;
        }
        row.pollFailureEventSent = true;
        states.writeAll(List.of(row));
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("login", login(target.userId()))
                .put("failures", row.pollFailures).put("failingSince", row.pollFailingSince.toString()).put("lastError", row.pollError);
        recorder.appendUserEvent(target.tenantId(), target.userId(), target.pbxHostId(), EventType.USER_POLLING_FAILED, data);
        LOG.warnf("Polls of user %s keep failing (%d in a row): %s", target.userId(), row.pollFailures, row.pollError);
        return true;
    }

    @SuppressWarnings("unchecked")
    private String login(String userId) {
        List<String> logins = em.createNativeQuery("SELECT login FROM pbx_user WHERE id = ?1").setParameter(1, userId).getResultList();
        return logins.isEmpty() ? null : logins.get(0);
    }

    static String truncate(String error) {
        if (error == null || error.isBlank()) {
            return "unknown error";
        }
        String clean = error.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() <= MAX_ERROR_LENGTH ? clean : clean.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}
