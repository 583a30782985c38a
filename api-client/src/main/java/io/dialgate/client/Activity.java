package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * A Daktela activity ({@code activities.json}): one piece of agent work on a channel. A CALL
 * activity carries its call, an SMS activity its message.
 *
 * @param name the activity's key
 * @param type channel: {@code CALL}, {@code SMS}, {@code EMAIL}... (kept as text: Daktela adds channels)
 * @param action {@code OPEN}, {@code WAIT}, {@code POSTPONE} or {@code CLOSE}
 * @param queue the queue's key
 * @param user the agent's login; empty when not yet assigned
 * @param time when it was created (PBX local time)
 * @param timeOpen when it was opened
 * @param timeClose when it was closed
 * @param duration seconds of work
 * @param call the call, for a CALL activity whose {@code item} is expanded
 * @param sms the message, for an SMS activity whose {@code item} is expanded
 */
public record Activity(String name, String type, String action, String queue, Optional<String> user,
        Optional<LocalDateTime> time, Optional<LocalDateTime> timeOpen, Optional<LocalDateTime> timeClose,
        long duration, Optional<CallRecord> call, Optional<SmsRecord> sms) {

    /** Whether this is a CALL activity. */
    public boolean isCall() {
        return "CALL".equalsIgnoreCase(type);
    }

    /** Whether the activity is closed. */
    public boolean isClosed() {
        return "CLOSE".equalsIgnoreCase(action);
    }

    static Activity from(JsonNode n) {
        String type = Json.text(n, "type");
        JsonNode item = n.get("item");
        boolean expanded = item != null && item.isObject();
        Optional<CallRecord> call = expanded && "CALL".equalsIgnoreCase(type)
                ? Optional.of(CallRecord.from(item)) : Optional.empty();
        Optional<SmsRecord> sms = expanded && "SMS".equalsIgnoreCase(type)
                ? Optional.of(SmsRecord.from(item)) : Optional.empty();
        return new Activity(Json.text(n, "name"), type, Json.text(n, "action"), Json.text(n, "queue"),
                Json.optText(n, "user"), Json.time(n, "time"), Json.time(n, "time_open"), Json.time(n, "time_close"),
                Json.longValue(n, "duration"), call, sms);
    }
}
