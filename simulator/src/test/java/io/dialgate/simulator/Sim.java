package io.dialgate.simulator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helper: seeds a fresh instance through the control API, as a user's own suite would. */
public final class Sim {

    private Sim() {
    }

    /** A new instance with an in and an out queue, two pauses, and users a, b and boss (rights over a). */
    public static String freshInstance(boolean cors) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        post("/_sim/instances", Map.of("name", name, "cors", cors), 201);
        post("/_sim/instances/" + name + "/queues", Map.of("name", "1000", "title", "In", "type", "in"), 201);
        post("/_sim/instances/" + name + "/queues", Map.of("name", "2000", "title", "Out", "type", "out"), 201);
        post("/_sim/instances/" + name + "/pauses", Map.of("name", "lunch", "title", "Lunch", "paid", false), 201);
        post("/_sim/instances/" + name + "/pauses", Map.of("name", "wrap", "title", "Wrap", "type", "wrap",
                "paid", true), 201);
        user(name, "a", "tok-a-" + name);
        user(name, "b", "tok-b-" + name);
        post("/_sim/instances/" + name + "/users", Map.of("login", "boss", "password", "bosspw",
                "accessToken", "tok-boss-" + name, "title", "Boss", "rights", List.of("a")), 201);
        return name;
    }

    public static void user(String instance, String login, String token) {
        post("/_sim/instances/" + instance + "/users", Map.of("login", login, "password", login + "pw",
                "accessToken", token, "title", "User " + login, "rights", List.of()), 201);
    }

    public static void post(String path, Object body, int status) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(status);
    }

    /** API base path of an instance. */
    public static String api(String instance) {
        return "/pbx/" + instance + "/api/v6";
    }

    /** Adds SMS queue 3000 and logs the token's user in to it, as sending an SMS needs. */
    public static void smsQueue(String instance, String token) {
        post("/_sim/instances/" + instance + "/queues", Map.of("name", "3000", "title", "SMS", "type", "sms"), 201);
        loginQueue(instance, token, "3000");
    }

    /** Logs a user in to a queue through the Daktela API with a JSON body. */
    public static void loginQueue(String instance, String token, String queue) {
        given().contentType(ContentType.JSON).header("X-Auth-Token", token)
                .body(Map.of("queues", List.of(Map.of("login", true, "name", queue, "penalty", 0))))
                .post(api(instance) + "/usersSession.json").then().statusCode(200);
    }
}
