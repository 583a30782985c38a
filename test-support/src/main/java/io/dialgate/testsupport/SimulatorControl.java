package io.dialgate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the simulator's control API ({@code /_sim}, see simulator/README.md) for one PBX instance: seed users,
 * queues and pauses, ring and hang up calls, inject faults, read the journal and the live state. Answers come
 * back as JSON trees; {@link #typed()} gives the simulator testing kit's typed client for the same instance,
 * which new tests should prefer.
 */
public final class SimulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String simulatorUrl;
    private final String instance;

    public SimulatorControl(String simulatorUrl, String instance) {
        this.simulatorUrl = simulatorUrl;
        this.instance = instance;
    }

    /** Creates (or finds) the instance, with CORS off. */
    public static SimulatorControl instance(String simulatorUrl, String instance) {
        SimulatorControl control = new SimulatorControl(simulatorUrl, instance);
        control.send("POST", "/_sim/instances", Map.of("name", instance, "cors", false));
        return control;
    }

    /** The PBX base URL clients use for this instance ({@code .../pbx/<instance>}). */
    public String pbxUrl() {
        return simulatorUrl + "/pbx/" + instance;
    }

    public String name() {
        return instance;
    }

    public JsonNode addUser(String login, String password, String accessToken, List<String> rights) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", login);
        body.put("password", password);
        if (accessToken != null) {
            body.put("accessToken", accessToken);
        }
        body.put("title", login);
        body.put("rights", rights);
        return send("POST", path("/users"), body);
    }

    public JsonNode addQueue(String name, String type) {
        return send("POST", path("/queues"), Map.of("name", name, "title", "Queue " + name, "type", type));
    }

    public JsonNode addPause(String name, String type, boolean paid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("title", "Pause " + name);
        body.put("type", type);
        body.put("paid", paid);
        return send("POST", path("/pauses"), body);
    }

    /** Adds a ticket category: {@code {name, title, smsQueue?, statusRequired?, closeCheckChilds?, sla?}}. */
    public JsonNode addTicketCategory(Map<String, ?> category) {
        return send("POST", path("/ticket-categories"), category);
    }

    /** Adds a ticket status. */
    public JsonNode addTicketStatus(String name, String title) {
        return send("POST", path("/statuses"), Map.of("name", name, "title", title));
    }

    /** Delivers a customer's SMS from {@code fromNumber} to user {@code toLogin} through an SMS queue. */
    public JsonNode receiveSms(String toLogin, String fromNumber, String text, String queue) {
        return send("POST", path("/sms"), Map.of("to", toLogin, "from", fromNumber, "text", text, "queue", queue));
    }

    /** Starts {@code pause} (or ends any pause, when null) for every listed user at once; each user's held polls wake. */
    public JsonNode setPause(List<String> logins, String pause) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("logins", logins);
        body.put("pause", pause);
        return send("POST", path("/sessions/pause"), body);
    }

    public JsonNode ring(String toLogin, String fromNumber, String queue) {
        return send("POST", path("/calls"), Map.of("to", toLogin, "from", fromNumber, "queue", queue));
    }

    public JsonNode answer(String callId) {
        return send("POST", path("/calls/" + callId + "/answer"), Map.of());
    }

    public JsonNode hangup(String callId) {
        return send("POST", path("/calls/" + callId + "/hangup"), Map.of());
    }

    /** Injects a fault; keys as in simulator/README.md ({@code token, endpoint, status, latencyMs, count, ratio, drop, quirk...}). */
    public JsonNode fault(Map<String, Object> fault) {
        return send("POST", path("/faults"), fault);
    }

    /** The instance's faults with their {@code remaining} uses: a fault is used as soon as its request arrives. */
    public List<JsonNode> faults() {
        List<JsonNode> faults = new ArrayList<>();
        send("GET", path("/faults"), null).forEach(faults::add);
        return faults;
    }

    public void clearFaults() {
        send("DELETE", path("/faults"), null);
    }

    public List<JsonNode> journal() {
        List<JsonNode> entries = new ArrayList<>();
        send("GET", path("/journal"), null).forEach(entries::add);
        return entries;
    }

    public void clearJournal() {
        send("DELETE", path("/journal"), null);
    }

    public JsonNode state() {
        return send("GET", path("/state"), null);
    }

    /** Replaces a user's token; {@code null} revokes it. */
    public JsonNode setToken(String login, String accessToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", accessToken);
        return send("PUT", path("/users/" + login + "/token"), body);
    }

    public void reset() {
        send("DELETE", "/_sim/instances/" + instance, null);
    }

    private String path(String suffix) {
        return "/_sim/instances/" + instance + suffix;
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(simulatorUrl + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .method(method, publisher).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The typed client of the simulator testing kit (dialgate-simulator-junit) for the same instance. */
    public io.dialgate.simulator.client.SimulatorControl typed() {
        return io.dialgate.simulator.client.SimulatorControl.connect(simulatorUrl, instance);
    }
}
