package io.dialgate.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param notifications notifications, when that section is present
 * @param raw the whole {@code result} as plain Java values (String, Number, Boolean, List, Map, null), for
 *            sections this client does not model
 */
public record PullData(String hash, boolean snapshot, Optional<List<QueueMembership>> queues,
        PullSection<PauseState> pause, Optional<List<Activity>> activities, Optional<String> deviceState,
        Optional<List<Notification>> notifications, Map<String, Object> raw) {

    private static final TypeReference<LinkedHashMap<String, Object>> PLAIN = new TypeReference<>() { };

    public PullData {
        // A section may be JSON null (a cleared pause), which Map.copyOf refuses.
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

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
        Object tickets = raw.get("tickets");
        return tickets instanceof List<?> ? Optional.of(Json.list(Json.MAPPER.valueToTree(tickets), TicketSummary::from))
                : Optional.empty();
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
                section(n, "notifications").map(x -> Json.list(x, Notification::from)),
                n.isObject() ? Json.MAPPER.convertValue(n, PLAIN) : Map.of());
    }

    private static Optional<JsonNode> section(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }
}
