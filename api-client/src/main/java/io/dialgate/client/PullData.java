package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Answer of {@code appPullData.json}: the user's state hash and whatever changed.
 *
 * <p>Three shapes: a full snapshot ({@link #snapshot()} true, every section present) for an empty,
 * unknown or stale hash; a delta with only the changed sections, each carrying its full new value;
 * and, when the hold time passed without a change, the hash alone ({@link #hasChanges()} false).
 * Send {@link #hash()} with the next poll.
 *
 * @param hash the state hash to send next
 * @param snapshot whether this is a full snapshot rather than a delta
 * @param queues queue memberships, when that section is present
 * @param pause the pause: absent (unchanged), a value (paused), or cleared (pause ended)
 * @param activities the user's activities, when that section is present
 * @param deviceState the device (extension) state, when that section is present
 * @param notifications notifications, raw, when that section is present
 * @param raw the whole {@code result} node, for sections this client does not model
 */
public record PullData(String hash, boolean snapshot, Optional<List<QueueMembership>> queues,
        PullSection<PauseState> pause, Optional<List<Activity>> activities, Optional<String> deviceState,
        Optional<List<JsonNode>> notifications, JsonNode raw) {

    /** Whether anything is in this answer beyond the hash (a snapshot always counts). */
    public boolean hasChanges() {
        return snapshot || queues.isPresent() || pause.isPresent() || activities.isPresent()
                || deviceState.isPresent() || notifications.isPresent() || tickets().isPresent();
    }

    /**
     * The user's tickets, when the answer carries a {@code tickets} section: open ones and the most recently
     * closed. Whether a real PBX's pull data carries tickets is not documented; the simulator's does.
     */
    public Optional<List<TicketSummary>> tickets() {
        return section(raw, "tickets").filter(JsonNode::isArray).map(t -> Json.list(t, TicketSummary::from));
    }

    static PullData from(JsonNode n) {
        PullSection<PauseState> pause;
        if (!n.has("pause")) {
            pause = PullSection.absent();
        } else if (n.get("pause").isObject()) {
            pause = PullSection.of(PauseState.from(n.get("pause")));
        } else {
            pause = PullSection.cleared();
        }
        Optional<String> device = Optional.empty();
        JsonNode d = n.get("device");
        if (d != null && !d.isNull()) {
            device = d.isObject() ? Json.optText(d, "state") : Optional.of(d.asText());
        }
        return new PullData(Json.text(n, "hash"), Json.bool(n, "snapshot"),
                section(n, "queues").map(q -> Json.list(q, QueueMembership::from)),
                pause,
                section(n, "activities").map(a -> Json.list(a, Activity::from)),
                device,
                section(n, "notifications").map(x -> Json.list(x, j -> j)),
                n);
    }

    private static Optional<JsonNode> section(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }
}
