package com.example.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny Daktela v6 integration, the kind of code the example tests: an agent's desk that logs in to a
 * queue and notices an incoming call. It honours {@code 429 Too Many Requests} by waiting as long as
 * {@code Retry-After} says (through {@link Sleeper}, so a test need not really wait) and trying again.
 */
public final class QueueDesk {

    /** Waits; a test passes one that only records. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 3;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String apiUrl;
    private final String accessToken;
    private final Sleeper sleeper;
    private String hash = "";

    /** {@code pbxUrl}: the PBX's address, e.g. {@code https://acme.daktela.com}. */
    public QueueDesk(String pbxUrl, String accessToken, Sleeper sleeper) {
        this.apiUrl = pbxUrl + "/api/v6";
        this.accessToken = accessToken;
        this.sleeper = sleeper;
    }

    public QueueDesk(String pbxUrl, String accessToken) {
        this(pbxUrl, accessToken, d -> Thread.sleep(d.toMillis()));
    }

    /** Logs the agent in to {@code queue}. */
    public void loginToQueue(String queue) {
        Map<String, Object> body = Map.of("queues", new Object[] {Map.of("login", true, "name", queue, "penalty", 0)});
        send(HttpRequest.newBuilder(URI.create(apiUrl + "/usersSession.json"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    /**
     * The name of the activity of a call ringing on the agent's phone, if one rings now or starts ringing
     * within one long poll (the PBX holds the poll until something changes).
     */
    public Optional<String> ringingCall() {
        for (int polls = 0; polls < 2; polls++) {
            JsonNode data = send(HttpRequest.newBuilder(URI.create(apiUrl + "/appPullData.json?hash=" + hash)).GET());
            hash = data.path("hash").asText();
            for (JsonNode activity : data.path("activities")) {
                if (isRinging(activity)) {
                    return Optional.of(activity.path("name").asText());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Daktela's call record has no state field: a call rings while its activity is open, it is not answered,
     * and it has no disposition or disconnection cause yet.
     */
    private static boolean isRinging(JsonNode activity) {
        JsonNode call = activity.path("item");
        return "CALL".equals(activity.path("type").asText()) && activity.path("time_close").isNull()
                && !call.path("answered").asBoolean() && call.path("disposition_cause").isNull()
                && call.path("disconnection_cause").isNull();
    }

    private JsonNode send(HttpRequest.Builder request) {
        request.header("X-Auth-Token", accessToken).timeout(Duration.ofSeconds(30));
        try {
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429 && attempt < MAX_ATTEMPTS) {
                    long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                    sleeper.sleep(Duration.ofSeconds(seconds));
                    continue;
                }
                JsonNode envelope = JSON.readTree(response.body());
                if (response.statusCode() >= 300) {
                    throw new IllegalStateException("Daktela answered " + response.statusCode() + ": " + envelope.path("error"));
                }
                return envelope.path("result");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Daktela could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
