package io.dialgate.simulator.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.DaktelaTime;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.common.StatusException;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Queue;
import io.dialgate.simulator.pbx.User;
import io.dialgate.simulator.pbx.Views;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Queue login and logout and pause start and end for one user. A request is validated whole
 * before anything changes, so a bad entry never leaves half the queues switched.
 */
@ApplicationScoped
public class SessionService {

    private final SimulatorConfig config;
    private final Clock clock;

    public SessionService(SimulatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The session record: every queue the user may use, and the pause. */
    public ObjectNode session(PbxInstance instance, User user) {
        synchronized (instance) {
            return Views.session(user, instance.agent(user.login()).sections());
        }
    }

    /** Applies {@code queues: [...]} and the pause field, then publishes the change. */
    public ObjectNode update(PbxInstance instance, User user, ObjectNode body) {
        String pauseField = config.api().pauseField();
        synchronized (instance) {
            List<QueueChange> changes = queueChanges(instance, user, body.get("queues"));
            String pause = null;
            boolean pauseGiven = body.has(pauseField);
            if (pauseGiven) {
                pause = Json.text(body.get(pauseField));
                if (pause != null && !pause.isEmpty() && instance.pause(pause).isEmpty()) {
                    throw new InvalidInputException("Unknown pause '" + pause + "'");
                }
            }
            PbxInstance.Mutations mutations = instance.mutate();
            for (QueueChange change : changes) {
                if (change.login) {
                    mutations.loginQueue(user.login(), change.queue, change.penalty);
                } else {
                    mutations.logoutQueue(user.login(), change.queue);
                }
            }
            if (pauseGiven) {
                if (pause == null || pause.isEmpty()) {
                    mutations.endPause(user.login());
                } else {
                    mutations.startPause(user.login(), pause, DaktelaTime.now(clock, instance.profile().zone()));
                }
            }
            instance.commit(user.login());
            return Views.session(user, instance.agent(user.login()).sections());
        }
    }

    /**
     * Starts the pause {@code pause} (or ends any pause, when null or empty) of every user in {@code logins} at
     * once, as each would with its own {@code usersSession} request; each user's change wakes its held polls.
     * Validated whole first: an unknown pause or login changes nobody. Returns how many users were changed.
     */
    public int setPause(PbxInstance instance, List<String> logins, String pause) {
        synchronized (instance) {
            if (pause != null && !pause.isEmpty() && instance.pause(pause).isEmpty()) {
                throw new InvalidInputException("Unknown pause '" + pause + "'");
            }
            List<String> unknown = logins.stream().filter(login -> instance.user(login).isEmpty()).limit(5).toList();
            if (!unknown.isEmpty()) {
                throw new InvalidInputException("Unknown user" + (unknown.size() > 1 ? "s " : " ") + "'"
                        + String.join("', '", unknown) + "'" + (unknown.size() == 5 ? " and maybe more" : ""));
            }
            String since = DaktelaTime.now(clock, instance.profile().zone());
            for (String login : logins) {
                PbxInstance.Mutations mutations = instance.mutate();
                if (pause == null || pause.isEmpty()) {
                    mutations.endPause(login);
                } else {
                    mutations.startPause(login, pause, since);
                }
                instance.commit(login);
            }
            return logins.size();
        }
    }

    private List<QueueChange> queueChanges(PbxInstance instance, User user, JsonNode queues) {
        List<QueueChange> changes = new ArrayList<>();
        if (Json.isMissing(queues)) {
            return changes;
        }
        if (!queues.isArray()) {
            throw new InvalidInputException("Field 'queues' must be a list of {login, name, penalty}");
        }
        List<String> allowed = instance.queuesFor(user).stream().map(Queue::name).toList();
        int index = 0;
        for (JsonNode entry : queues) {
            if (!entry.isObject()) {
                throw new InvalidInputException("Field 'queues[" + index + "]' must be an object");
            }
            String name = Json.requiredText(entry, "name");
            if (!allowed.contains(name)) {
                throw new StatusException(config.api().unknownQueueStatus(), "Unknown queue '" + name + "'");
            }
            if (Json.isMissing(entry.get("login"))) {
                throw new InvalidInputException("Field 'queues[" + index + "][login]' is required");
            }
            boolean login = Json.bool(entry.get("login"), "queues[" + index + "][login]");
            int penalty = Json.integer(entry.get("penalty"), "queues[" + index + "][penalty]", 0);
            if (penalty < 0) {
                throw new InvalidInputException("Field 'queues[" + index + "][penalty]' must not be negative");
            }
            changes.add(new QueueChange(name, login, penalty));
            index++;
        }
        return changes;
    }

    private record QueueChange(String queue, boolean login, int penalty) {
    }
}
