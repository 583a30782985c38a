package io.dialgate.simulator.pbx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's live state: queue logins, pause, the pull-data version and the last published
 * sections. Only touched while holding the instance lock.
 */
public final class AgentState {

    final Map<String, Integer> loggedInQueues = new LinkedHashMap<>();
    final List<ChangeListener> listeners = new ArrayList<>();

    /** Polls of this user held open now; more than one means two clients poll the same user. */
    public int heldPolls() {
        return listeners.size();
    }
    String pause;
    String pauseSince;
    long version = 1;
    String hash;
    ObjectNode sections;

    public long version() {
        return version;
    }

    public String hash() {
        return hash;
    }

    /** The published sections (queues, pause, activities, device, notifications). */
    public ObjectNode sections() {
        return sections;
    }

    public String pause() {
        return pause;
    }

    public boolean isLoggedIn(String queue) {
        return loggedInQueues.containsKey(queue);
    }

    public boolean isLoggedInAnywhere() {
        return !loggedInQueues.isEmpty();
    }
}
