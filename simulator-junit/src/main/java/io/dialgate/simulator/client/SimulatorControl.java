package io.dialgate.simulator.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed client of the simulator's control API ({@code /_sim}) for one PBX instance: seed users, queues
 * and pauses, ring and end calls, inject faults, read the request journal and the live state. Needs no
 * JUnit and no framework, only Jackson and the JDK's HTTP client:
 *
 * <pre>{@code
 * SimulatorControl sim = SimulatorControl.connect("http://127.0.0.1:8081", "acme").create();
 * sim.addQueue(Queue.inbound("1000"));
 * User jane = sim.addUser(NewUser.of("jane", "pw", "jane-token"));
 * String pbx = sim.pbxUrl();   // point the Daktela client here
 * }</pre>
 *
 * Every method throws {@link SimulatorException} when the simulator refuses the request or cannot be reached.
 */
public final class SimulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final String baseUrl;
    private final String instance;
    private final String controlToken;

    private SimulatorControl(HttpClient http, String baseUrl, String instance, String controlToken) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.instance = instance;
        this.controlToken = controlToken;
    }

    /** A client for {@code instance} of the simulator at {@code baseUrl}; nothing is sent yet. */
    public static SimulatorControl connect(String baseUrl, String instance) {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("baseUrl must be the simulator's http(s) root URL, e.g. http://127.0.0.1:8081");
        }
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("instance must name a PBX instance, e.g. \"default\"");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return new SimulatorControl(http, baseUrl, instance, null);
    }

    /** The same client, sending the simulator's control token (needed when it runs with {@code SIMULATOR_CONTROL_TOKEN}). */
    public SimulatorControl withControlToken(String token) {
        return new SimulatorControl(http, baseUrl, instance, token);
    }

    /** A client of another instance of the same simulator. */
    public SimulatorControl forInstance(String otherInstance) {
        return new SimulatorControl(http, baseUrl, otherInstance, controlToken).checkName();
    }

    private SimulatorControl checkName() {
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("instance must name a PBX instance, e.g. \"default\"");
        }
        return this;
    }

    public String instance() {
        return instance;
    }

    /** The simulator's root URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The URL a Daktela client is configured with for this instance: {@code <base>/pbx/<instance>}, under
     * which the API answers at {@code /api/v6/...}. The instance {@code default} also answers at the root.
     */
    public String pbxUrl() {
        return baseUrl + "/pbx/" + instance;
    }

    // ---- instances

    /** Creates the instance (CORS off) if it does not exist; returns this client. */
    public SimulatorControl create() {
        return create(false);
    }

    /** Creates the instance or updates its CORS flag. */
    public SimulatorControl create(boolean cors) {
        send("POST", "/_sim/instances", Map.of("name", instance, "cors", cors));
        return this;
    }

    /**
     * Creates the instance (or updates its CORS flag) with a listening port of its own, for a client that is
     * configured with nothing but a PBX URL; {@code port} 0 takes any free port. A port that is taken is refused
     * with a {@link SimulatorException} whose status is 409.
     *
     * @return the instance, with the port it listens on
     */
    public InstanceInfo createWithPort(boolean cors, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1 to 65535, not " + port);
        }
        return read(send("POST", "/_sim/instances", Map.of("name", instance, "cors", cors, "port", port)), InstanceInfo.class);
    }

    /** Closes the instance's own port, if it has one; the simulator's shared port still serves it. */
    public void closePort() {
        send("DELETE", "/_sim/instances/" + encoded(instance) + "/port", null);
    }

    /** Every instance of this simulator. */
    public List<InstanceInfo> instances() {
        return read(send("GET", "/_sim/instances", null), new TypeReference<>() { });
    }

    /** Empties the instance: users, queues, pauses, calls, faults and journal go; held polls are answered. */
    public void reset() {
        send("DELETE", "/_sim/instances/" + encoded(instance), null);
    }

    // ---- catalogue

    /** Adds or replaces a user; the answer carries its token (generated when none was given). */
    public User addUser(NewUser user) {
        return read(send("POST", path("/users"), user), User.class);
    }

    /** Replaces a user's token; {@code null} revokes it and every token its logins got. */
    public User setToken(String login, String accessToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", accessToken);
        return read(send("PUT", path("/users/" + encoded(login) + "/token"), body), User.class);
    }

    public Queue addQueue(Queue queue) {
        return read(send("POST", path("/queues"), queue), Queue.class);
    }

    public Pause addPause(Pause pause) {
        return read(send("POST", path("/pauses"), pause), Pause.class);
    }

    /**
     * Starts {@code pause} for every user in {@code logins} at once, or ends their pause when {@code pause} is null,
     * as each would with {@code usersSession}; each user's held polls wake. Returns how many users changed. An
     * unknown login or pause changes nobody (a 400).
     */
    public int setPause(java.util.List<String> logins, String pause) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("logins", logins);
        body.put("pause", pause);
        return read(send("POST", path("/sessions/pause"), body), JsonNode.class).path("changed").asInt();
    }

    // ---- calls

    /** Rings an inbound call from {@code fromNumber} to the user through {@code queue}; it rings until answered or hung up. */
    public Call ring(String toLogin, String fromNumber, String queue) {
        return read(send("POST", path("/calls"), Map.of("to", toLogin, "from", fromNumber, "queue", queue)), Call.class);
    }

    public Call answer(String callId) {
        return read(send("POST", path("/calls/" + encoded(callId) + "/answer"), Map.of()), Call.class);
    }

    public Call hangup(String callId) {
        return read(send("POST", path("/calls/" + encoded(callId) + "/hangup"), Map.of()), Call.class);
    }

    // ---- faults

    /** Injects a fault; faults are tried first added first. */
    public Fault addFault(FaultSpec fault) {
        return read(send("POST", path("/faults"), fault), Fault.class);
    }

    public List<Fault> faults() {
        return read(send("GET", path("/faults"), null), new TypeReference<>() { });
    }

    public void clearFaults() {
        send("DELETE", path("/faults"), null);
    }

    // ---- inspection

    /** The instance's request journal, oldest first. */
    public List<JournalEntry> journal() {
        List<JournalEntry> entries = new ArrayList<>();
        send("GET", path("/journal"), null).forEach(e -> entries.add(JournalEntry.from(e)));
        return entries;
    }

    public void clearJournal() {
        send("DELETE", path("/journal"), null);
    }

    public InstanceState state() {
        return read(send("GET", path("/state"), null), InstanceState.class);
    }

    /** Whether the simulator answers its readiness check. */
    public boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String path(String suffix) {
        return "/_sim/instances/" + encoded(instance) + suffix;
    }

    private static String encoded(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> T read(JsonNode json, Class<T> type) {
        return JSON.convertValue(json, type);
    }

    private static <T> T read(JsonNode json, TypeReference<T> type) {
        return JSON.convertValue(json, type);
    }

    private JsonNode send(String method, String path, Object body) {
        String what = method + " " + path;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(TIMEOUT)
                    .header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (controlToken != null) {
                request.header("X-Sim-Token", controlToken);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new SimulatorException(what + " answered " + response.statusCode() + ": " + response.body(),
                        response.statusCode(), response.body(), null);
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SimulatorException(what + " to the simulator at " + baseUrl + " failed: " + e.getMessage(), 0, "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorException(what + " interrupted", 0, "", e);
        }
    }
}
