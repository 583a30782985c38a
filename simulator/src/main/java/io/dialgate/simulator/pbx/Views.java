package io.dialgate.simulator.pbx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.Json;

/** Renders records in Daktela's snake_case shapes. Never renders passwords or tokens. */
public final class Views {

    private Views() {
    }

    public static ObjectNode queue(Queue queue) {
        return Json.object().put("name", queue.name()).put("title", queue.title()).put("type", queue.type());
    }

    public static ObjectNode pause(Pause pause) {
        ObjectNode node = Json.object().put("name", pause.name()).put("title", pause.title())
                .put("type", pause.type()).put("paid", pause.paid());
        if (pause.maxDuration() == null) {
            node.putNull("max_duration");
        } else {
            node.put("max_duration", pause.maxDuration());
        }
        return node;
    }

    public static ObjectNode user(User user) {
        ObjectNode node = Json.object().put("name", user.login()).put("title", user.title());
        if (user.email() != null) {
            node.put("email", user.email());
        }
        return node;
    }

    public static ObjectNode call(Call call) {
        return Json.object()
                .put("id_call", call.id)
                .put("direction", call.direction)
                .put("answered", call.answered)
                .put("clid", call.clid)
                .put("did", call.did)
                .put("ringing_time", call.ringingTime)
                .put("duration", call.duration)
                .put("disposition_cause", call.dispositionCause)
                .put("state", call.state.name().toLowerCase());
    }

    public static ObjectNode activity(Activity activity) {
        ObjectNode node = Json.object()
                .put("name", activity.name)
                .put("type", activity.type)
                .put("action", activity.action)
                .put("queue", activity.queue)
                .put("user", activity.user)
                .put("time", activity.time)
                .put("time_open", activity.timeOpen)
                .put("time_close", activity.timeClose)
                .put("duration", activity.duration);
        if (activity.ticket != null) {
            node.put("ticket", activity.ticket);
        }
        if (activity.call != null) {
            node.set("item", call(activity.call));
        } else if (activity.item != null) {
            node.set("item", activity.item.deepCopy());
        } else {
            node.set("item", Json.object().put("number", activity.smsNumber).put("text", activity.smsText));
        }
        return node;
    }

    /** The session record of usersSession.json: every queue the user may use, and the pause. */
    public static ObjectNode session(User user, ObjectNode sections) {
        ObjectNode node = Json.object().put("user", user.login());
        node.set("queues", sections.get("queues").deepCopy());
        node.set("pause", sections.get("pause").deepCopy());
        return node;
    }

    /** realtimeSessions record; {@code name} repeats the login so the record can be read by name. */
    public static ObjectNode realtime(User user, AgentState state, ObjectNode sections) {
        String device = sections.path("device").path("state").asText("idle");
        ObjectNode node = Json.object().put("name", user.login()).put("user", user.login());
        node.put("state", state.pause != null ? "Paused" : state.isLoggedInAnywhere() ? "Session" : "Idle");
        node.put("id_pause", state.pause);
        node.put("onpause", state.pauseSince);
        node.put("exten_status", "idle".equals(device) ? "Idle" : "Busy");
        return node;
    }

    /** Empty array helper for sections. */
    static ArrayNode array() {
        return Json.NODES.arrayNode();
    }
}
