package io.dialgate.simulator.junit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to the emulated Daktela API, as a user's own client would send them. */
final class Pbx {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Pbx() {
    }

    static HttpResponse<String> get(String pbxUrl, String endpoint, String token) {
        return send(HttpRequest.newBuilder(URI.create(pbxUrl + "/api/v6/" + endpoint)).header("X-Auth-Token", token).GET());
    }

    static HttpResponse<String> postForm(String pbxUrl, String endpoint, String token, String form) {
        return send(HttpRequest.newBuilder(URI.create(pbxUrl + "/api/v6/" + endpoint)).header("X-Auth-Token", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    static HttpResponse<String> loginToQueue(String pbxUrl, String token, String queue) {
        return postForm(pbxUrl, "usersSession.json", token,
                "queues[0][login]=true&queues[0][name]=" + queue + "&queues[0][penalty]=0");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
