package io.dialgate.simulator.pulldata;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.simulator.ShortTimingsProfile;
import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ShortTimingsProfile.class)
class PullDataTest {

    String instance;
    String api;
    String token;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(false);
        api = Sim.api(instance);
        token = "tok-a-" + instance;
    }

    private JsonPath pull(String hash) {
        return given().queryParam("accessToken", token).queryParam("hash", hash).get(api + "/appPullData.json")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldAnswerEmptyHashWithFullSnapshot() {
        JsonPath snapshot = pull("");
        assertThat(snapshot.getBoolean("result.snapshot")).isTrue();
        assertThat(snapshot.getString("result.hash")).hasSize(32);
        assertThat(snapshot.getList("result.queues.name")).containsExactly("1000", "2000");
        assertThat(snapshot.getString("result.device.state")).isEqualTo("idle");
        assertThat(snapshot.getList("result.notifications")).isEmpty();
        assertThat(snapshot.getMap("result")).containsKey("pause");
        assertThat(pull("unknown-hash").getBoolean("result.snapshot")).isTrue();
    }

    @Test
    void shouldWakeHeldPollWithOnlyChangedSectionWhenPauseStarts() {
        String hash = pull("").getString("result.hash");
        CompletableFuture<JsonPath> held = CompletableFuture.supplyAsync(() -> pull(hash));
        await().atMost(Duration.ofSeconds(10)).until(() -> heldPolls() == 1);
        long start = System.nanoTime();
        given().contentType(ContentType.JSON).header("X-Auth-Token", token).body(Map.of("pause", "lunch"))
                .post(api + "/usersSession.json").then().statusCode(200);
        JsonPath delta = held.join();
        // Before the 3 s hold could have answered it: the change woke it.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2900);
        assertThat(delta.getBoolean("result.snapshot")).isFalse();
        assertThat(delta.getString("result.hash")).isNotEqualTo(hash);
        assertThat(delta.getString("result.pause.name")).isEqualTo("lunch");
        assertThat(delta.getMap("result")).doesNotContainKeys("queues", "activities", "device");
    }

    @Test
    void shouldWakeEveryListedUsersHeldPollWhenTheControlApiChangesTheirPausesAtOnce() {
        String tokenB = "tok-b-" + instance;
        String hashA = pull("").getString("result.hash");
        String hashB = given().queryParam("accessToken", tokenB).get(api + "/appPullData.json").path("result.hash");
        CompletableFuture<JsonPath> heldA = CompletableFuture.supplyAsync(() -> pull(hashA));
        CompletableFuture<JsonPath> heldB = CompletableFuture.supplyAsync(() -> given().queryParam("accessToken", tokenB)
                .queryParam("hash", hashB).get(api + "/appPullData.json").then().statusCode(200).extract().jsonPath());
        await().atMost(Duration.ofSeconds(10)).until(() -> heldPolls() == 2);
        String control = "/_sim/instances/" + instance + "/sessions/pause";

        // Validated whole: an unknown login or pause changes nobody, and the held polls stay held.
        given().contentType(ContentType.JSON).body(Map.of("logins", List.of("a", "ghost"), "pause", "lunch")).post(control)
                .then().statusCode(400).contentType("application/problem+json").body("detail", equalTo("Unknown user 'ghost'"));
        given().contentType(ContentType.JSON).body(Map.of("logins", List.of("a", "b"), "pause", "siesta")).post(control)
                .then().statusCode(400).body("detail", equalTo("Unknown pause 'siesta'"));
        given().contentType(ContentType.JSON).body(Map.of("logins", List.of())).post(control).then().statusCode(400);
        assertThat(heldPolls()).isEqualTo(2);

        given().contentType(ContentType.JSON).body(Map.of("logins", List.of("a", "b"), "pause", "lunch")).post(control)
                .then().statusCode(200).body("changed", equalTo(2));
        assertThat(heldA.join().getString("result.pause.name")).isEqualTo("lunch");
        assertThat(heldB.join().getString("result.pause.name")).isEqualTo("lunch");

        given().contentType(ContentType.JSON).body("{\"logins\": [\"a\"], \"pause\": null}").post(control)
                .then().statusCode(200).body("changed", equalTo(1));
        assertThat(pull("").getMap("result")).containsEntry("pause", null);
        assertThat(given().queryParam("accessToken", tokenB).get(api + "/appPullData.json").path("result.pause.name")
                .toString()).isEqualTo("lunch");
    }

    @Test
    void shouldReportPauseEndAsNullPause() {
        given().contentType(ContentType.JSON).header("X-Auth-Token", token).body(Map.of("pause", "lunch"))
                .post(api + "/usersSession.json").then().statusCode(200);
        String hash = pull("").getString("result.hash");
        CompletableFuture<JsonPath> held = CompletableFuture.supplyAsync(() -> pull(hash));
        await().atMost(Duration.ofSeconds(10)).until(() -> heldPolls() == 1);
        given().contentType(ContentType.URLENC).header("X-Auth-Token", token).formParam("pause", "")
                .post(api + "/usersSession.json").then().statusCode(200);
        Map<String, Object> result = held.join().getMap("result");
        assertThat(result).containsEntry("pause", null).doesNotContainKey("queues");
    }

    @Test
    void shouldAnswerHashAloneWhenNothingChangesWithinHold() {
        String hash = pull("").getString("result.hash");
        long start = System.nanoTime();
        Map<String, Object> result = pull(hash).getMap("result");
        // Held for the whole 3 s hold, then answered (with slack for a busy machine).
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(2900L, 15000L);
        assertThat(result).containsOnlyKeys("hash", "snapshot").containsEntry("hash", hash)
                .containsEntry("snapshot", false);
        assertThat(heldPolls()).isZero();
    }

    @Test
    void shouldAnswerStaleHashWithSnapshot() {
        String first = pull("").getString("result.hash");
        Sim.loginQueue(instance, token, "1000");
        Sim.loginQueue(instance, token, "2000");
        JsonPath answer = pull(first);
        assertThat(answer.getBoolean("result.snapshot")).isTrue();
        assertThat(answer.getList("result.queues.logged_in")).containsExactly(true, true);
    }

    @Test
    void shouldWalkOutboundCallThroughRingingAnsweredEnded() {
        Sim.loginQueue(instance, token, "2000");
        String name = given().contentType(ContentType.JSON).header("X-Auth-Token", token)
                .body(Map.of("number", "+420111222333", "type", "CALL", "queue", "2000"))
                .post(api + "/activities.json").then().statusCode(201)
                .body("result.item.disposition_cause", nullValue()).body("result.item.direction", equalTo("out"))
                .extract().path("result.name");
        assertThat(device()).isEqualTo("ringing");
        await().atMost(Duration.ofSeconds(10)).until(() -> "busy".equals(device()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "idle".equals(device()));
        given().header("X-Auth-Token", token).get(api + "/activities/" + name + ".json").then()
                .body("result.item.disposition_cause", equalTo("caller")).body("result.item.answered", equalTo(true))
                .body("result.action", equalTo("OPEN"));
        String callId = given().header("X-Auth-Token", token).get(api + "/activities/" + name + ".json")
                .path("result.item.id_call");
        given().header("X-Auth-Token", token).get(api + "/activitiesCall/" + callId + ".json").then()
                .statusCode(200).body("result.disposition_cause", equalTo("caller"))
                .body("result.id_agent.name", equalTo("a")).body("result.id_queue.name", equalTo("2000"));
        given().contentType(ContentType.JSON).header("X-Auth-Token", token).body(Map.of("action", "CLOSE"))
                .put(api + "/activities/" + name + ".json").then().statusCode(200)
                .body("result.action", equalTo("CLOSE"));
    }

    @Test
    void shouldDeliverCallChangesToHeldPoll() {
        Sim.loginQueue(instance, token, "2000");
        String hash = pull("").getString("result.hash");
        CompletableFuture<JsonPath> held = CompletableFuture.supplyAsync(() -> pull(hash));
        await().atMost(Duration.ofSeconds(10)).until(() -> heldPolls() == 1);
        given().contentType(ContentType.JSON).header("X-Auth-Token", token)
                .body(Map.of("number", "123", "type", "CALL", "queue", "2000")).post(api + "/activities.json")
                .then().statusCode(201);
        Map<String, Object> result = held.join().getMap("result");
        assertThat(result).containsKeys("activities", "device").doesNotContainKeys("queues", "pause");
    }

    @Test
    void shouldRingAnswerAndHangUpInboundCallsThroughControlApi() {
        Response ring = given().contentType(ContentType.JSON)
                .body(Map.of("to", "a", "from", "+420777", "queue", "1000"))
                .post("/_sim/instances/" + instance + "/calls");
        ring.then().statusCode(201).body("state", equalTo("ringing"));
        String id = ring.path("id");
        assertThat(device()).isEqualTo("ringing");
        given().post("/_sim/instances/" + instance + "/calls/" + id + "/answer").then().statusCode(200)
                .body("state", equalTo("answered"));
        given().post("/_sim/instances/" + instance + "/calls/" + id + "/answer").then().statusCode(409)
                .contentType("application/problem+json");
        String second = given().contentType(ContentType.JSON).body(Map.of("to", "a", "from", "1", "queue", "1000"))
                .post("/_sim/instances/" + instance + "/calls").path("id");
        given().post("/_sim/instances/" + instance + "/calls/" + second + "/hangup").then().statusCode(200)
                .body("state", equalTo("ended"));
        given().header("X-Auth-Token", token).get(api + "/activitiesCall/" + second + ".json").then()
                .body("result.answered", equalTo(false)).body("result.direction", equalTo("in"))
                .body("result.clid", equalTo("1"));
        given().post("/_sim/instances/" + instance + "/calls/nope/hangup").then().statusCode(404);
    }

    private String device() {
        return pull("").getString("result.device.state");
    }

    private int heldPolls() {
        return given().get("/_sim/instances/" + instance + "/state").path("heldPolls");
    }

    @Test
    void shouldExposeLiveStateWithHashAndVersion() {
        Sim.loginQueue(instance, token, "1000");
        List<Map<String, Object>> users = given().get("/_sim/instances/" + instance + "/state").then()
                .statusCode(200).extract().path("users");
        Map<String, Object> a = users.stream().filter(u -> "a".equals(u.get("login"))).findFirst().orElseThrow();
        assertThat(a.get("hash")).isEqualTo(pull("").getString("result.hash"));
        assertThat((Integer) a.get("version")).isGreaterThan(1);
    }
}
