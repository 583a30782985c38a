package io.dialgate.gateway.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.gateway.event.EventType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Derives events from two states of a user: queue logins and logouts, pause starts and ends, call
 * steps (ringing, answered, ended), new SMS (sent or received) and ticket changes. Pure, so every rule is unit-tested. A call seen
 * for the first time emits the steps it has already reached, so a call that rang and was answered
 * while nobody watched still yields {@code call.ringing} then {@code call.answered}.
 */
public final class StateDiff {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> CALL_STEPS = List.of("ringing", "answered", "ended");

    private StateDiff() {
    }

    /** One derived event: its type and its {@code data}. */
    public record Change(EventType type, ObjectNode data) {
    }

    public static List<Change> between(ObjectNode before, ObjectNode after) {
        List<Change> changes = new ArrayList<>();
        queues(before.path("queues"), after.path("queues"), changes);
        pause(before.path("pause"), after.path("pause"), changes);
        calls(before.path("calls"), after.path("calls"), changes);
        sms(before.path("sms"), after.path("sms"), changes);
        if (before.has("tickets")) {
            tickets(before.path("tickets"), after.path("tickets"), changes);
        }
        return changes;
    }

    private static void queues(JsonNode before, JsonNode after, List<Change> changes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> q = it.next();
            boolean was = before.path(q.getKey()).path("loggedIn").asBoolean(false);
            boolean is = q.getValue().path("loggedIn").asBoolean(false);
            if (is && !was) {
                changes.add(new Change(EventType.QUEUE_LOGIN, JSON.objectNode().put("queue", q.getKey())
                        .put("title", q.getValue().path("title").asText(null)).put("penalty", q.getValue().path("penalty").asInt())));
            } else if (was && !is) {
                changes.add(new Change(EventType.QUEUE_LOGOUT, JSON.objectNode().put("queue", q.getKey())
                        .put("title", q.getValue().path("title").asText(null))));
            }
        }
        // A queue that vanished from the list while logged in counts as a logout.
        for (Iterator<Map.Entry<String, JsonNode>> it = before.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> q = it.next();
            if (!after.has(q.getKey()) && q.getValue().path("loggedIn").asBoolean(false)) {
                changes.add(new Change(EventType.QUEUE_LOGOUT, JSON.objectNode().put("queue", q.getKey())
                        .put("title", q.getValue().path("title").asText(null))));
            }
        }
    }

    private static void pause(JsonNode before, JsonNode after, List<Change> changes) {
        String was = before.isObject() ? before.path("name").asText() : null;
        String is = after.isObject() ? after.path("name").asText() : null;
        if (was != null && !was.equals(is)) {
            changes.add(new Change(EventType.PAUSE_ENDED, JSON.objectNode().put("pause", was)
                    .put("title", before.path("title").asText(null))));
        }
        if (is != null && !is.equals(was)) {
            changes.add(new Change(EventType.PAUSE_STARTED, JSON.objectNode().put("pause", is)
                    .put("title", after.path("title").asText(null)).put("since", after.path("since").asText(null))));
        }
    }

    private static void calls(JsonNode before, JsonNode after, List<Change> changes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> call = it.next();
            JsonNode now = call.getValue();
            int from = before.has(call.getKey()) ? CALL_STEPS.indexOf(before.get(call.getKey()).path("state").asText()) : -1;
            int to = CALL_STEPS.indexOf(now.path("state").asText());
            boolean answeredEver = now.path("answered").asBoolean(false);
            for (int step = from + 1; step <= to; step++) {
                if (step == 1 && !answeredEver && to == 2) {
                    continue; // a call that ended unanswered was never answered
                }
                EventType type = switch (step) {
                    case 0 -> EventType.CALL_RINGING;
                    case 1 -> EventType.CALL_ANSWERED;
                    default -> EventType.CALL_ENDED;
                };
                ObjectNode data = JSON.objectNode().put("activity", call.getKey()).put("callId", now.path("callId").asText(null))
                        .put("direction", now.path("direction").asText(null)).put("queue", now.path("queue").asText(null));
                if (now.has("clid")) {
                    data.put("clid", now.get("clid").asText());
                }
                if (type == EventType.CALL_ENDED) {
                    data.put("answered", answeredEver).put("duration", now.path("duration").asLong());
                    if (now.has("dispositionCause")) {
                        data.put("dispositionCause", now.get("dispositionCause").asText());
                    }
                }
                changes.add(new Change(type, data));
            }
        }
    }

    private static void sms(JsonNode before, JsonNode after, List<Change> changes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> sms = it.next();
            if (!before.has(sms.getKey())) {
                boolean inbound = "IN".equals(sms.getValue().path("direction").asText());
                changes.add(new Change(inbound ? EventType.SMS_RECEIVED : EventType.SMS_SENT, JSON.objectNode()
                        .put("activity", sms.getKey()).put("queue", sms.getValue().path("queue").asText(null))
                        .put("number", sms.getValue().path("number").asText(null))));
            }
        }
    }

    private static final List<String> TICKET_FIELDS = List.of("title", "stage", "priority", "category");

    /**
     * A ticket seen for the first time is created; one whose stage turns CLOSE or ARCHIVE is closed; any other
     * change of its shown fields is an update naming them. A ticket that leaves the list (reassigned, or aged
     * out of the closed ones the PBX shows) yields nothing.
     */
    private static void tickets(JsonNode before, JsonNode after, List<Change> changes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            JsonNode now = t.getValue();
            ObjectNode data = JSON.objectNode().put("ticket", t.getKey());
            TICKET_FIELDS.forEach(f -> data.put(f, now.path(f).asText(null)));
            JsonNode was = before.get(t.getKey());
            if (was == null) {
                changes.add(new Change(EventType.TICKET_CREATED, data));
                continue;
            }
            boolean closedNow = isClosed(now.path("stage").asText()) && !isClosed(was.path("stage").asText());
            if (closedNow) {
                changes.add(new Change(EventType.TICKET_CLOSED, data));
                continue;
            }
            var changed = data.putArray("changed");
            for (String f : TICKET_FIELDS) {
                if (!now.path(f).equals(was.path(f))) {
                    changed.add(f);
                }
            }
            if (!changed.isEmpty() || !now.path("edited").equals(was.path("edited"))) {
                changes.add(new Change(EventType.TICKET_UPDATED, data));
            }
        }
    }

    private static boolean isClosed(String stage) {
        return "CLOSE".equals(stage) || "ARCHIVE".equals(stage);
    }
}
