package io.dialgate.client.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The simulator's control API ({@code /_sim}) for one instance, so each test class seeds its own
 * PBX under a unique name and never depends on another's data.
 */
public final class SimControl {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;
    private final String instance;

    private SimControl(String baseUrl, String instance) {
        this.baseUrl = baseUrl;
        this.instance = instance;
    }

    /** Creates a fresh instance with a unique name derived from {@code prefix}. */
    public static SimControl newInstance(String prefix) {
        String url = ConfigProvider.getConfig().getValue("dialgate.simulator.url", String.class);
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        SimControl sim = new SimControl(url, name);
        sim.post("/_sim/instances", Map.of("name", name, "cors", false));
        return sim;
    }

    /** Sets the instance's profile fields ({@code relations}, {@code timezone}, {@code tokenLifetimeSeconds}). */
    public void profile(Map<String, ?> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.put("name", instance);
        post("/_sim/instances", body);
    }

    /** The PBX base URL of this instance, to give to the client. */
    public URI pbxUrl() {
        return URI.create(baseUrl + "/pbx/" + instance);
    }

    public String instance() {
        return instance;
    }

    /** Creates a user and returns its access token. */
    public String user(String login, String password, List<String> rights) {
        JsonNode r = post(path("/users"), Map.of("login", login, "password", password, "title", "User " + login,
                "rights", rights));
        return r.get("accessToken").asText();
    }

    public void queue(String name, String type) {
        post(path("/queues"), Map.of("name", name, "title", "Queue " + name, "type", type));
    }

    public void pause(String name, String type, boolean paid) {
        ObjectNode body = MAPPER.createObjectNode().put("name", name).put("title", "Pause " + name).put("paid", paid);
        if (type == null) {
            body.putNull("type");
        } else {
            body.put("type", type);
        }
        post(path("/pauses"), body);
    }

    /** Adds a ticket category ({@code /_sim/instances/{i}/ticket-categories}). */
    public void ticketCategory(Map<String, ?> category) {
        post(path("/ticket-categories"), category);
    }

    /** Adds a ticket status. */
    public void ticketStatus(String name, String title) {
        post(path("/statuses"), Map.of("name", name, "title", title));
    }

    /** Delivers a customer's SMS to a user; returns the new activity. */
    public JsonNode inboundSms(String to, String from, String text, String queue) {
        return post(path("/sms"), Map.of("to", to, "from", from, "text", text, "queue", queue));
    }

    /** Rings an inbound call to a user; returns {@code {id, activity, state}}. */
    public JsonNode inboundCall(String to, String from, String queue) {
        return post(path("/calls"), Map.of("to", to, "from", from, "queue", queue));
    }

    public void answer(String callId) {
        post(path("/calls/" + callId + "/answer"), Map.of());
    }

    public void hangup(String callId) {
        post(path("/calls/" + callId + "/hangup"), Map.of());
    }

    /** Adds a fault; keys as in the control API ({@code status}, {@code endpoint}, {@code quirk}...). */
    public void fault(Map<String, ?> fault) {
        post(path("/faults"), fault);
    }

    public void clearFaults() {
        send("DELETE", path("/faults"), null);
    }

    /** Journal entries, oldest first. */
    public List<JsonNode> journal() {
        JsonNode r = send("GET", path("/journal"), null);
        JsonNode entries = r.isArray() ? r : r.has("entries") ? r.get("entries") : r.get("data");
        List<JsonNode> out = new ArrayList<>();
        if (entries != null) {
            entries.forEach(out::add);
        }
        return out;
    }

    /** Journal entries for one endpoint name (e.g. {@code pauses}, {@code activities}). */
    public List<JsonNode> journal(String endpoint) {
        return journal().stream().filter(e -> endpoint.equals(e.path("endpoint").asText())).toList();
    }

    public void clearJournal() {
        send("DELETE", path("/journal"), null);
    }

    public JsonNode state() {
        return send("GET", path("/state"), null);
    }

    public void setToken(String login, String token) {
        ObjectNode body = MAPPER.createObjectNode();
        if (token == null) {
            body.putNull("accessToken");
        } else {
            body.put("accessToken", token);
        }
        send("PUT", path("/users/" + login + "/token"), body);
    }

    private String path(String suffix) {
        return "/_sim/instances/" + instance + suffix;
    }

    private JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, publisher)
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
            }
            String text = response.body();
            return text == null || text.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
