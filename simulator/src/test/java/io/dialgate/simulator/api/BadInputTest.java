package io.dialgate.simulator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Distinct bad inputs, on both APIs: each gets a 4xx with an error body (the Daktela envelope on
 * the PBX API, a problem document on the control API), never a 5xx, a hang or a stack trace.
 */
@QuarkusTest
class BadInputTest {

    private static String instance;
    private static String api;
    private static String token;

    @BeforeEach
    void seed() {
        if (instance == null) {
            instance = Sim.freshInstance(false);
            api = Sim.api(instance);
            token = "tok-a-" + instance;
        }
    }

    record Case(String name, Function<Void, Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                pbx("no token", () -> given().get(api + "/queues.json")),
                pbx("unknown token", () -> given().header("X-Auth-Token", "nope").get(api + "/queues.json")),
                pbx("unknown endpoint", () -> auth().get(api + "/nothing.json")),
                pbx("unknown record", () -> auth().get(api + "/activities/activities_nope.json")),
                pbx("unknown queue", () -> auth().contentType(ContentType.JSON)
                        .body("{\"queues\":[{\"login\":true,\"name\":\"9999\",\"penalty\":0}]}").post(api + "/usersSession.json")),
                pbx("unknown pause", () -> auth().contentType(ContentType.JSON).body("{\"pause\":\"holiday\"}")
                        .post(api + "/usersSession.json")),
                pbx("malformed JSON body", () -> auth().contentType(ContentType.JSON).body("{\"queues\":").post(api + "/usersSession.json")),
                pbx("queues not a list", () -> auth().contentType(ContentType.JSON).body("{\"queues\":42}").post(api + "/usersSession.json")),
                pbx("activity of an unknown type", () -> auth().contentType(ContentType.JSON)
                        .body("{\"number\":\"1\",\"type\":\"FAX\",\"queue\":\"2000\"}").post(api + "/activities.json")),
                pbx("call without a number", () -> auth().contentType(ContentType.JSON)
                        .body("{\"type\":\"CALL\",\"queue\":\"2000\"}").post(api + "/activities.json")),
                pbx("call through an inbound queue", () -> auth().contentType(ContentType.JSON)
                        .body("{\"number\":\"1\",\"type\":\"CALL\",\"queue\":\"1000\"}").post(api + "/activities.json")),
                pbx("call for a user without rights", () -> auth().contentType(ContentType.JSON)
                        .body("{\"number\":\"1\",\"type\":\"CALL\",\"queue\":\"2000\",\"user\":\"b\"}").post(api + "/activities.json")),
                pbx("closing an unknown activity", () -> auth().contentType(ContentType.JSON).body("{\"action\":\"CLOSE\"}")
                        .put(api + "/activities/activities_nope.json")),
                pbx("JSONP callback that is not an identifier", () -> auth().queryParam("callback", "alert(1)").get(api + "/queues.json")),
                pbx("bad login", () -> given().contentType(ContentType.JSON)
                        .body("{\"username\":\"a\",\"password\":\"wrong\",\"only_token\":1}").post(api + "/login.json")),
                pbx("refresh with an unknown refresh token", () -> given().contentType(ContentType.JSON)
                        .body("{\"refreshToken\":\"nope\"}").put(api + "/login.json")),
                pbx("unknown instance", () -> auth().get("/pbx/no-such-instance/api/v6/queues.json")),
                control("instance without a name", () -> json("{}").post("/_sim/instances")),
                control("malformed control JSON", () -> json("{\"name\":").post("/_sim/instances")),
                control("unknown control field", () -> json("{\"name\":\"x\",\"colour\":\"red\"}").post("/_sim/instances")),
                control("user without a login", () -> json("{\"password\":\"p\"}").post("/_sim/instances/" + instance + "/users")),
                control("queue of an unknown type", () -> json("{\"name\":\"3000\",\"title\":\"x\",\"type\":\"sideways\"}")
                        .post("/_sim/instances/" + instance + "/queues")),
                control("inbound call to an unknown user", () -> json("{\"to\":\"nobody\",\"from\":\"1\",\"queue\":\"1000\"}")
                        .post("/_sim/instances/" + instance + "/calls")),
                control("answering an unknown call", () -> json("{}").post("/_sim/instances/" + instance + "/calls/nope/answer")),
                control("journal of an unknown instance", () -> given().get("/_sim/instances/no-such-instance/journal")),
                control("token of an unknown user", () -> json("{\"accessToken\":\"x\"}")
                        .put("/_sim/instances/" + instance + "/users/nobody/token")));
    }

    private static Arguments pbx(String name, java.util.function.Supplier<Response> call) {
        return Arguments.of(new Case(name, v -> call.get()), "pbx");
    }

    private static Arguments control(String name, java.util.function.Supplier<Response> call) {
        return Arguments.of(new Case(name, v -> call.get()), "control");
    }

    private static io.restassured.specification.RequestSpecification auth() {
        return given().header("X-Auth-Token", token);
    }

    private static io.restassured.specification.RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void shouldAnswerBadInputWithA4xxAndAnErrorBody(Case bad, String api) {
        Response response = bad.call().apply(null);
        assertThat(response.statusCode()).as(bad.name() + ": " + response.asString()).isBetween(400, 499);
        String body = response.asString();
        assertThat(body).as(bad.name()).doesNotContain("Exception").doesNotContain("\tat ");
        if (api.equals("pbx")) {
            if (bad.name().startsWith("JSONP")) {
                assertThat(body).contains("error");
            } else {
                // A list of messages, or a field error as Daktela sends it: {"form": {field: message}}.
                Object error = response.jsonPath().get("error");
                assertThat(error).as(bad.name() + ": " + body).isNotNull();
                assertThat(error instanceof java.util.Map<?, ?> form ? form.keySet() : (java.util.List<?>) error)
                        .as(bad.name() + ": " + body).isNotEmpty();
            }
        } else {
            assertThat(response.contentType()).as(bad.name()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("detail")).as(bad.name()).isNotBlank();
        }
    }
}
