package io.dialgate.simulator.tls;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The Daktela API over https, for official clients that speak only https. */
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void shouldAnswerTheDaktelaApiOverHttps() {
        given().relaxedHTTPSValidation().baseUri(https.toString()).header("X-Auth-Token", "demo-token-agent1")
                .get("/api/v6/whoim.json").then().statusCode(200).body("result.user.name", equalTo("agent1"));
        org.assertj.core.api.Assertions.assertThat(https.getProtocol()).isEqualTo("https");
    }
}
