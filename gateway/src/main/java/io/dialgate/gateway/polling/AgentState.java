package io.dialgate.gateway.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.client.Activity;
import io.dialgate.client.CallRecord;
import io.dialgate.client.PauseState;
import io.dialgate.client.PullData;
import io.dialgate.client.QueueMembership;
import io.dialgate.client.TicketSummary;
import java.time.ZoneId;
import java.util.List;

/**
 * The last full state of a user, as stored in {@code user_state.state}: queues by name, the pause
 * (or null), calls and SMS by activity name, the device state, and tickets by number once the PBX shows them. {@link #merge} applies an
 * {@code appPullData} answer: a snapshot replaces everything, a delta replaces the sections it
 * carries (a present {@code pause: null} means the pause ended).
 */
public final class AgentState {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AgentState() {
    }

    public static ObjectNode empty() {
        ObjectNode state = JSON.objectNode();
        state.putObject("queues");
        state.putNull("pause");
        state.putObject("calls");
        state.putObject("sms");
        state.putNull("device");
        return state;
    }

    /** {@code zone}: the PBX's time zone, which its local times (a pause's start) are read in. */
    public static ObjectNode merge(ObjectNode previous, PullData data, ZoneId zone) {
        ObjectNode next = data.snapshot() ? empty() : previous.deepCopy();
        data.queues().ifPresent(queues -> next.set("queues", queues(queues)));
        if (data.pause().isPresent() || data.pause().isCleared() || data.snapshot()) {
            next.set("pause", data.pause().value().map(p -> pause(p, zone)).orElse(JSON.nullNode()));
        }
        data.activities().ifPresent(activities -> {
            next.set("calls", calls(activities));
            next.set("sms", sms(activities));
        });
        data.deviceState().ifPresent(device -> next.put("device", device));
        // Absent until the PBX first shows a tickets section: the first one is a baseline, not a burst of events.
        data.tickets().ifPresent(tickets -> next.set("tickets", tickets(tickets)));
        return next;
    }

    private static ObjectNode queues(List<QueueMembership> queues) {
        ObjectNode byName = JSON.objectNode();
        for (QueueMembership q : queues) {
            byName.putObject(q.name()).put("title", q.title()).put("loggedIn", q.loggedIn()).put("penalty", q.penalty());
        }
        return byName;
    }

    private static JsonNode pause(PauseState p, ZoneId zone) {
        ObjectNode pause = JSON.objectNode().put("name", p.name()).put("title", p.title());
        // ISO-8601 with the PBX's offset: the event payloads and the API carry it as it is stored.
        p.since().ifPresentOrElse(s -> pause.put("since", s.atZone(zone).toOffsetDateTime().toString()), () -> pause.putNull("since"));
        return pause;
    }

    private static ObjectNode calls(List<Activity> activities) {
        ObjectNode byName = JSON.objectNode();
        for (Activity a : activities) {
            if (!a.isCall() || a.call().isEmpty()) {
                continue;
            }
            CallRecord c = a.call().get();
            ObjectNode call = byName.putObject(a.name());
            call.put("callId", c.idCall()).put("direction", c.direction()).put("state", callState(a, c))
                    .put("answered", c.answered()).put("queue", a.queue()).put("duration", c.duration());
            c.clid().ifPresent(v -> call.put("clid", v));
            c.did().ifPresent(v -> call.put("did", v));
            c.dispositionCause().ifPresent(v -> call.put("dispositionCause", v));
        }
        return byName;
    }

    private static ObjectNode sms(List<Activity> activities) {
        ObjectNode byName = JSON.objectNode();
        for (Activity a : activities) {
            if ("SMS".equalsIgnoreCase(a.type())) {
                ObjectNode sms = byName.putObject(a.name()).put("queue", a.queue());
                a.sms().ifPresent(s -> sms.put("number", s.number()).put("direction", s.isInbound() ? "IN" : "OUT"));
            }
        }
        return byName;
    }

    private static ObjectNode tickets(List<TicketSummary> tickets) {
        ObjectNode byName = JSON.objectNode();
        for (TicketSummary t : tickets) {
            byName.putObject(t.name()).put("title", t.title()).put("stage", t.stage()).put("priority", t.priority())
                    .put("category", t.category()).put("edited", t.edited().orElse(null));
        }
        return byName;
    }

    /** The PBX's own call state when it says, else inferred from the activity. */
    static String callState(Activity a, CallRecord c) {
        if (c.state().isPresent()) {
            return c.state().get();
        }
        if (a.isClosed()) {
            return "ended";
        }
        return c.answered() ? "answered" : "ringing";
    }
}
