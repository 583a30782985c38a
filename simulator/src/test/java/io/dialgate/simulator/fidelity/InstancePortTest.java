package io.dialgate.simulator.fidelity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An instance with a port of its own, for a client configured with nothing but {@code http://127.0.0.1:port},
 * as Daktela's connectors are: the instance is fixed by the port, whatever Host the client sends.
 */
@QuarkusTest
class InstancePortTest {

    @Test
    void shouldServeTheInstanceOnAnyFreePortWhenAskedForZero() {
        String instance = Sim.freshInstance(false);
        int port = setPort(instance, 0, 200);
        assertThat(port).isPositive().isNotEqualTo(RestAssured.port);

        given().header("X-Auth-Token", "tok-a-" + instance).get(url(port, "/api/v6/whoim")).then()
                .statusCode(200).body("result.user.name", equalTo("a"));
        // The port fixes the instance: a host naming another one changes nothing.
        given().header("Host", "nosuch.localhost").header("X-Auth-Token", "tok-a-" + instance)
                .get(url(port, "/api/v6/queues.json")).then().statusCode(200).body("result.total", equalTo(2));
        given().get("/_sim/instances/" + instance + "/journal").then().statusCode(200)
                .body("[-1].endpoint", equalTo("queues"));
        // A second POST asking for any port keeps the one it has.
        assertThat(setPort(instance, 0, 200)).isEqualTo(port);
        given().get("/_sim/instances").then().body("find { it.name == '" + instance + "' }.port", equalTo(port));
    }

    @Test
    void shouldNotReachAnotherInstanceThroughAnInstancePort() {
        String instance = Sim.freshInstance(false);
        String other = Sim.freshInstance(false);
        int port = setPort(instance, 0, 200);

        given().header("X-Auth-Token", "tok-a-" + other).get(url(port, Sim.api(other) + "/queues.json")).then()
                .statusCode(404).body("error[0]", equalTo("Unknown PBX instance '" + other + "' on this port"));
        given().header("X-Auth-Token", "tok-a-" + instance).get(url(port, Sim.api(instance) + "/queues.json")).then()
                .statusCode(200);
        // Another instance's token is just a wrong token here.
        given().header("X-Auth-Token", "tok-a-" + other).get(url(port, "/api/v6/queues.json")).then().statusCode(401);
        given().get(url(port, "/_sim/instances")).then().statusCode(404).contentType(ContentType.JSON)
                .body("error[0]", equalTo("Not found"));
    }

    @Test
    void shouldListenOnTheAskedPortAndMoveOrCloseIt() throws IOException {
        String instance = Sim.freshInstance(false);
        int first = freePort();
        assertThat(setPort(instance, first, 200)).isEqualTo(first);
        given().header("X-Auth-Token", "tok-a-" + instance).get(url(first, "/api/v6/whoim.json")).then()
                .body("result.user.name", equalTo("a"));

        int second = freePort();
        assertThat(setPort(instance, second, 200)).isEqualTo(second);
        assertRefused(first);
        given().header("X-Auth-Token", "tok-a-" + instance).get(url(second, "/api/v6/whoim.json")).then()
                .body("result.user.name", equalTo("a"));

        // A reset empties the instance but keeps its port.
        given().delete("/_sim/instances/" + instance).then().statusCode(204);
        given().header("X-Auth-Token", "tok-a-" + instance).get(url(second, "/api/v6/whoim.json")).then()
                .statusCode(401);

        given().delete("/_sim/instances/" + instance + "/port").then().statusCode(204);
        assertRefused(second);
        given().get("/_sim/instances").then().body("find { it.name == '" + instance + "' }.port", nullValue());
        given().delete("/_sim/instances/" + instance + "/port").then().statusCode(204);
        given().delete("/_sim/instances/nosuch-" + UUID.randomUUID() + "/port").then().statusCode(404);
    }

    @Test
    void shouldCreateANewInstanceWithItsPortInOneRequest() {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        int port = given().contentType(ContentType.JSON).body(Map.of("name", name, "port", 0))
                .post("/_sim/instances").then().statusCode(201).body("name", equalTo(name))
                .extract().path("port");
        Sim.user(name, "u", "tok-u-" + name);
        given().header("X-Auth-Token", "tok-u-" + name).get(url(port, "/api/v6/whoim.json")).then()
                .body("result.user.name", equalTo("u"));
    }

    @Test
    void shouldRefuseAPortThatIsTakenOrOutOfRange() throws IOException {
        String instance = Sim.freshInstance(false);
        int port = setPort(instance, 0, 200);
        String other = Sim.freshInstance(false);

        given().contentType(ContentType.JSON).body(Map.of("name", other, "port", port)).post("/_sim/instances").then()
                .statusCode(409).body("detail", equalTo("Port " + port + " already serves instance '" + instance + "'"));
        // Vert.x would share the simulator's own port between both servers, answering as either at random.
        given().contentType(ContentType.JSON).body(Map.of("name", other, "port", RestAssured.port))
                .post("/_sim/instances").then().statusCode(409);
        try (ServerSocket foreign = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            given().contentType(ContentType.JSON).body(Map.of("name", other, "port", foreign.getLocalPort()))
                    .post("/_sim/instances").then().statusCode(409);
        }
        given().contentType(ContentType.JSON).body(Map.of("name", other, "port", 70000)).post("/_sim/instances")
                .then().statusCode(400)
                .body("detail", equalTo("Field 'port' must be between 1 and 65535, or 0 for any free port"));
        given().get("/_sim/instances").then().body("find { it.name == '" + other + "' }.port", nullValue());

        // A refused instance is not created, and the port opened for it is free again.
        String refused = "bad name!";
        int wanted = freePort();
        given().contentType(ContentType.JSON).body(Map.of("name", refused, "port", wanted)).post("/_sim/instances")
                .then().statusCode(400);
        given().get("/_sim/instances").then().body("name", not(hasItem(refused)));
        assertRefused(wanted);
        assertThat(setPort(other, wanted, 200)).isEqualTo(wanted);
    }

    private static int setPort(String instance, int port, int status) {
        return given().contentType(ContentType.JSON).body(Map.of("name", instance, "port", port))
                .post("/_sim/instances").then().statusCode(status).extract().path("port");
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertRefused(int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }
}
