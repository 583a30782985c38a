package io.dialgate.it.chaos;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.LoopbackProxy;
import io.dialgate.testsupport.SimulatorControl;
import io.dialgate.testsupport.WebhookReceiver;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a chaos scenario runs against, all real processes on loopback: one PostgreSQL that can be
 * restarted, the packaged simulator, a webhook receiver, and packaged gateways (replicas) that can be
 * killed, stopped and started again, each optionally reaching the database through its own
 * {@link LoopbackProxy} so that one replica's link can be cut.
 */
final class ChaosStack implements AutoCloseable {

    static final String OPERATOR = "chaos-operator-token-of-at-least-32-chars";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRYPTO = "chaos:" + Base64.getEncoder().encodeToString(new byte[32]);

    private final Path dataDir;
    private final int databasePort;
    private EmbeddedPostgres database;
    final AppProcess simulator;
    final WebhookReceiver receiver;
    private final Map<String, AppProcess> gateways = new LinkedHashMap<>();
    private final Map<String, LoopbackProxy> links = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final SimulatorControl pbx;
    String apiKey;
    String hostId;
    String webhookId;
    final List<String> logins = new ArrayList<>();
    final Map<String, String> tokens = new HashMap<>();
    final Map<String, String> userIds = new LinkedHashMap<>();

    ChaosStack() {
        try {
            dataDir = Files.createTempDirectory("dialgate-chaos-pg");
            databasePort = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startDatabase();
        simulator = AppProcess.simulator(Map.of("SIMULATOR_SEED", "none", "SIMULATOR_PULL_HOLD", "3s"));
        receiver = WebhookReceiver.start();
        pbx = SimulatorControl.instance(simulator.baseUrl(), "chaos-" + UUID.randomUUID().toString().substring(0, 8));
        pbx.addQueue("1000", "in");
        pbx.addQueue("2000", "out");
        pbx.addPause("lunch", null, false);
    }

    private void startDatabase() {
        try {
            database = EmbeddedPostgres.builder().setPort(databasePort).setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops PostgreSQL (fast shutdown: every connection is dropped), waits {@code down}, starts it on the same port. */
    void restartDatabase(Duration down) {
        try {
            database.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("PostgreSQL stays down").during(down).atMost(down.plusSeconds(5)).until(() -> !accepting(databasePort));
        startDatabase();
    }

    private static boolean accepting(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Starts a replica; with {@code ownLink}, it reaches the database through a proxy {@link #link(String)} returns. */
    AppProcess startGateway(String name, boolean ownLink, Map<String, String> extraEnv) {
        int port = databasePort;
        if (ownLink) {
            LoopbackProxy link = links.computeIfAbsent(name, n -> LoopbackProxy.to(databasePort));
            port = link.port();
        }
        Map<String, String> env = new HashMap<>();
        env.put("DIALGATE_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        env.put("DIALGATE_DB_USER", "postgres");
        env.put("DIALGATE_DB_PASSWORD", "");
        env.put("DIALGATE_ADMIN_TOKEN", OPERATOR);
        env.put("DIALGATE_CRYPTO_KEYS", CRYPTO);
        env.put("DIALGATE_WEBHOOK_ALLOW_PRIVATE_URLS", "true");
        env.put("DIALGATE_POLLING_LEASE", "6s");
        env.put("DIALGATE_POLLING_REPLICA_ID", name);
        env.put("DIALGATE_PBX_ALLOW_INSECURE_URLS", "true");
        env.putAll(extraEnv);
        AppProcess gateway = AppProcess.gateway(env);
        gateways.put(name, gateway);
        return gateway;
    }

    AppProcess gateway(String name) {
        return gateways.get(name);
    }

    LoopbackProxy link(String name) {
        return links.get(name);
    }

    /** Any live replica, for API calls. */
    AppProcess anyGateway() {
        return gateways.values().stream().filter(AppProcess::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no gateway runs"));
    }

    RequestSpecification api() {
        return given().baseUri(anyGateway().baseUrl()).header("Authorization", "Bearer " + apiKey).contentType(ContentType.JSON);
    }

    /** A tenant, its PBX host, a webhook for every event, and {@code users} monitored users. */
    void seedTenant(int users) {
        apiKey = given().baseUri(anyGateway().baseUrl()).header("Authorization", "Bearer " + OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", "chaos")).post("/admin/tenants").then().statusCode(201).extract().path("apiKey");
        hostId = api().body(Map.of("name", "sim", "baseUrl", pbx.pbxUrl())).post("/v1/pbx-hosts").then().statusCode(201)
                .extract().path("id");
        webhookId = api().body(Map.of("url", receiver.url(), "eventTypes", List.of(), "description", "chaos"))
                .post("/v1/webhooks").then().statusCode(201).extract().path("id");
        for (int i = 0; i < users; i++) {
            String login = "u" + i;
            String token = "tok-" + login + "-" + UUID.randomUUID();
            pbx.addUser(login, "pw", token, List.of());
            logins.add(login);
            tokens.put(login, token);
            userIds.put(login, api().body(Map.of("pbxHostId", hostId, "login", login, "accessToken", token))
                    .post("/v1/users").then().statusCode(201).extract().path("id"));
        }
        await("every user's first snapshot").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> userIds.values().stream().allMatch(id ->
                        "polling".equals(api().get("/v1/users/" + id + "/state").then().extract().path("source"))));
    }

    /** Starts or ends the user's pause straight on the PBX, as the agent's own phone would. */
    void togglePause(String login, boolean start) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(pbx.pbxUrl() + "/api/v6/usersSession.json"))
                    .header("X-Auth-Token", tokens.get(login)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(start ? "{\"pause\":\"lunch\"}" : "{\"pause\":null}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException("the PBX refused a pause change: " + answer.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final List<JsonNode> parsed = new ArrayList<>();

    /** The webhook events received so far (one entry per delivery, duplicates included), parsed once each. */
    synchronized List<JsonNode> deliveries() {
        List<WebhookReceiver.Received> received = receiver.received();
        for (int i = parsed.size(); i < received.size(); i++) {
            try {
                parsed.add(JSON.readTree(received.get(i).body()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(parsed);
    }

    /** Distinct event ids of {@code type} prefix for a user, in first-arrival order. */
    List<JsonNode> distinctEvents(String userId, String typePrefix) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode e : deliveries()) {
            if (userId.equals(e.path("userId").asText()) && e.path("type").asText().startsWith(typePrefix)) {
                byId.putIfAbsent(e.path("id").asText(), e);
            }
        }
        return new ArrayList<>(byId.values());
    }

    long deliveriesOfType(String type) {
        return deliveries().stream().filter(e -> type.equals(e.path("type").asText())).map(e -> e.path("id").asText())
                .distinct().count();
    }

    /** Polls per user held at the PBX now; a value above 1 is a double poll. */
    int maxHeldPollsPerUser() {
        JsonNode state = pbx.state();
        int max = 0;
        for (JsonNode user : state.path("users")) {
            max = Math.max(max, user.path("heldPolls").asInt());
        }
        return max;
    }

    /** The poll leases a replica says it holds ({@code dialgate_poll_leases_held} on its metrics page). */
    int leasesHeld(String name) {
        AppProcess gateway = gateways.get(name);
        if (gateway == null || !gateway.isAlive()) {
            return 0;
        }
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/q/metrics")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(l -> l.startsWith("dialgate_poll_leases_held")).findFirst()
                    .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    Set<String> liveGateways() {
        return gateways.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        gateways.values().forEach(AppProcess::close);
        links.values().forEach(LoopbackProxy::close);
        receiver.close();
        simulator.close();
        try {
            database.close();
        } catch (IOException ignored) {
            // The temporary directory goes with the machine's cleanup.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
