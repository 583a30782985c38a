package io.dialgate.simulator.pbx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.Json;

/**
 * Renders records in Daktela's shapes: snake_case fields, related records nested as objects (or bare
 * names, by the instance's profile), and {@code _sys} with the record's model. Never renders passwords;
 * renders a token only where Daktela does ({@code whoim.json}'s {@code user._sys.accessToken}).
 * Callers hold the instance's lock.
 */
public final class Views {

    private Views() {
    }

    public static ObjectNode queue(Queue queue) {
        ObjectNode node = Json.object().put("name", queue.name()).put("title", queue.title()).put("type", queue.type());
        return sys(node, "queues");
    }

    public static ObjectNode pause(Pause pause) {
        ObjectNode node = Json.object().put("name", pause.name()).put("title", pause.title())
                .put("type", pause.type()).put("paid", pause.paid());
        if (pause.maxDuration() == null) {
            node.putNull("max_duration");
        } else {
            node.put("max_duration", pause.maxDuration());
        }
        return sys(node, "pauses");
    }

    public static ObjectNode user(User user) {
        ObjectNode node = Json.object().put("name", user.login()).put("title", user.title()).put("alias", user.login());
        if (user.email() != null) {
            node.put("email", user.email());
        }
        return sys(node, "users");
    }

    /** {@code whoim.json}'s user: the user record whose {@code _sys} carries the token it was asked with. */
    public static ObjectNode whoimUser(User user, String token) {
        ObjectNode node = user(user);
        ((ObjectNode) node.get("_sys")).put("accessToken", token);
        return node;
    }

    /** A call as {@code activitiesCall.json} shows it, with the queue and agent of its activity. */
    public static ObjectNode call(PbxInstance instance, Call call) {
        Activity activity = instance.activity(call.activityName).orElse(null);
        Relations.Style style = instance.profile().relations();
        ObjectNode node = Json.object()
                .put("id_call", call.id)
                .put("call_time", activity == null ? null : activity.time)
                .put("direction", call.direction)
                .put("answered", call.answered);
        String queue = activity == null ? null : activity.queue;
        String agent = activity == null ? null : activity.user;
        Relations.put(node, "id_queue", style, queue, queue == null ? null : instance.queue(queue).map(Views::queue).orElse(null));
        Relations.put(node, "id_agent", style, agent, agent == null ? null : instance.user(agent).map(Views::user).orElse(null));
        node.put("clid", call.clid)
                .put("did", call.did)
                .put("waiting_time", 0)
                .put("ringing_time", call.ringingTime)
                .put("hold_time", 0)
                .put("duration", call.duration)
                .put("disposition_cause", call.dispositionCause)
                .put("disconnection_cause", call.disconnectionCause);
        node.putArray("activities").add(call.activityName);
        return sys(node, "activitiesCall");
    }

    public static ObjectNode activity(PbxInstance instance, Activity activity) {
        Relations.Style style = instance.profile().relations();
        ObjectNode node = Json.object()
                .put("name", activity.name)
                .putNull("ticket")
                .put("title", activity.call != null ? activity.call.clid : activity.smsNumber)
                .put("type", activity.type)
                .put("action", activity.action);
        Relations.put(node, "queue", style, activity.queue,
                activity.queue == null ? null : instance.queue(activity.queue).map(Views::queue).orElse(null));
        Relations.put(node, "user", style, activity.user,
                activity.user == null ? null : instance.user(activity.user).map(Views::user).orElse(null));
        node.putNull("contact");
        node.put("important", false)
                .put("priority", 0)
                .put("time", activity.time)
                .putNull("time_wait")
                .put("time_open", activity.timeOpen)
                .put("time_close", activity.timeClose)
                .put("duration", activity.duration)
                .put("ringing_time", activity.call == null ? 0 : activity.call.ringingTime);
        if (activity.ticket != null) {
            node.put("ticket", activity.ticket);
        }
        if (activity.call != null) {
            node.set("item", call(instance, activity.call));
        } else if (activity.item != null) {
            node.set("item", activity.item.deepCopy());
        } else {
            ObjectNode sms = Json.object().put("name", activity.name).put("number", activity.smsNumber)
                    .put("text", activity.smsText).put("direction", "out").put("time", activity.time);
            node.set("item", sys(sms, "activitiesSms"));
        }
        return sys(node, "activities");
    }

    /** The session record of usersSession.json: every queue the user may use, and the pause. */
    public static ObjectNode session(User user, ObjectNode sections) {
        ObjectNode node = Json.object().put("user", user.login());
        node.set("queues", sections.get("queues").deepCopy());
        node.set("pause", sections.get("pause").deepCopy());
        return node;
    }

    /** realtimeSessions record; {@code name} repeats the login so the record can be read by name. */
    public static ObjectNode realtime(PbxInstance instance, User user, AgentState state, ObjectNode sections) {
        Relations.Style style = instance.profile().relations();
        String device = sections.path("device").path("state").asText("idle");
        ObjectNode node = Json.object().put("name", user.login());
        Relations.put(node, "id_agent", style, user.login(), user(user));
        node.put("state", state.pause != null ? "Paused" : state.isLoggedInAnywhere() ? "Session" : "Idle");
        Relations.put(node, "id_pause", style, state.pause,
                state.pause == null ? null : instance.pause(state.pause).map(Views::pause).orElse(null));
        node.put("onpause", state.pauseSince);
        node.put("exten_status", "idle".equals(device) ? "Idle" : "Busy");
        return sys(node, "realtimeSessions");
    }

    private static ObjectNode sys(ObjectNode node, String model) {
        node.putObject("_sys").putNull("hash").put("model", model);
        return node;
    }

    /** Empty array helper for sections. */
    static ArrayNode array() {
        return Json.NODES.arrayNode();
    }
}
