package io.dialgate.simulator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.simulator.Sim;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instances' own ports close when the simulator stops, as they must on a dev-mode reload, where Vert.x lives on. */
@QuarkusTest
class InstancePortsShutdownTest {

    @Inject
    InstancePorts ports;

    @Test
    void shouldCloseEveryInstancePortOnShutdown() {
        String instance = Sim.freshInstance(false);
        int port = given().contentType(ContentType.JSON).body(Map.of("name", instance, "port", 0))
                .post("/_sim/instances").then().statusCode(200).extract().path("port");
        given().header("X-Auth-Token", "tok-a-" + instance).get("http://127.0.0.1:" + port + "/api/v6/whoim").then()
                .body("result.user.name", equalTo("a"));

        ports.onStop(new ShutdownEvent());

        // The port can be listened on again at once. A plain connect would not prove it closed: a connect to a free
        // port in the ephemeral range can, now and then, be given that same port as its own and connect to itself.
        assertThatCode(() -> {
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress("127.0.0.1", port), 1);
            }
        }).doesNotThrowAnyException();
        given().get("/_sim/instances").then().body("find { it.name == '" + instance + "' }.port",
                org.hamcrest.Matchers.nullValue());
    }
}
