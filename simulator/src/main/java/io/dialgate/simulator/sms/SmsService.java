package io.dialgate.simulator.sms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.DaktelaTime;
import io.dialgate.simulator.common.FormException;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.pbx.Activity;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Queue;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SMS activities: an agent sending through an SMS queue ({@code POST activities.json {type: SMS}}), and
 * a customer's message arriving through {@code /_sim}. Each is an activity of type {@code SMS} whose
 * {@code item} is an {@code activitiesSms} record ({@code direction} {@code OUT} or {@code IN}, the
 * customer's number in {@code sender}). Callers hold the instance lock.
 */
@ApplicationScoped
public class SmsService {

    /** What the simulator takes for a phone number: digits with an optional leading +, spaces allowed. */
    static final Pattern NUMBER = Pattern.compile("\\+?[0-9][0-9 ]{2,31}");
    /** Daktela activity names: letters, digits and {@code _ . : -}; a client may choose one. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final SmsConfig config;
    private final Clock clock;

    public SmsService(SmsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Sends an SMS as {@code user} (already checked against the token's rights); the new, closed activity. */
    public Activity send(PbxInstance instance, String user, ObjectNode body) {
        String number = Json.text(body.get(config.numberField()));
        String text = Json.text(body.get(config.textField()));
        String queueName = Json.text(body.get("queue"));
        String name = Json.text(body.get("name"));
        String ticket = Json.text(body.get("ticket"));
        Map<String, String> errors = new LinkedHashMap<>();
        if (number == null || number.isBlank()) {
            errors.put(config.numberField(), "Entry is required");
        } else if (!NUMBER.matcher(number).matches()) {
            errors.put(config.numberField(), "Invalid phone number");
        }
        if (text == null || text.isBlank()) {
            errors.put(config.textField(), "Entry is required");
        }
        Queue queue = null;
        if (queueName == null || queueName.isBlank()) {
            errors.put("queue", "Entry is required");
        } else {
            queue = instance.queue(queueName).orElse(null);
            if (queue == null) {
                errors.put("queue", "Queue '" + queueName + "' does not exist");
            }
        }
        if (name != null && !NAME.matcher(name).matches()) {
            errors.put("name", "Invalid name");
        } else if (name != null && instance.activity(name).isPresent()) {
            errors.put("name", "Activity '" + name + "' already exists");
        }
        if (!errors.isEmpty()) {
            throw FormException.fields(errors, body);
        }
        if (!"sms".equals(queue.type())) {
            throw FormException.primary("Queue '" + queueName + "' is not an SMS queue", body);
        }
        if (config.requireQueueLogin() && !instance.agent(user).isLoggedIn(queueName)) {
            throw FormException.primary("User '" + user + "' is not logged in to queue '" + queueName + "'", body);
        }
        String cleanNumber = number.replace(" ", "");
        Activity activity = record(instance, name, user, queueName, ticket, "OUT", cleanNumber, text, true);
        instance.commit(user);
        return activity;
    }

    /** A customer's SMS routed to {@code user} through {@code queue}: a new, open activity. */
    public Activity receive(PbxInstance instance, String user, String queue, String from, String text) {
        Activity activity = record(instance, null, user, queue, null, "IN", from, text, false);
        instance.commit(user);
        return activity;
    }

    private Activity record(PbxInstance instance, String name, String user, String queue, String ticket,
            String direction, String number, String text, boolean closed) {
        String now = DaktelaTime.now(clock);
        return instance.newChannelActivity(name, "SMS", user, queue, ticket, closed, now, clock.millis(),
                activityName -> Json.object()
                        .put("name", activityName)
                        .put("state", "")
                        .put("direction", direction)
                        .put("sender", number)
                        .put("text", text)
                        .put("user", user)
                        .put("queue", queue)
                        .putNull("contact")
                        .put("answered", true)
                        .put("duration", 0)
                        .put("wait_time", 0)
                        .put("missed", "NO")
                        .put("time", now));
    }
}
