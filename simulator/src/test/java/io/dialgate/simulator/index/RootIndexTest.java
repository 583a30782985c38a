package io.dialgate.simulator.index;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RootIndexTest {

    @Test
    void rootListsLinksThatAnswer() {
        Map<String, String> links = given().when().get("/").then().statusCode(200).contentType("application/json")
                .extract().jsonPath().getMap("links", String.class, String.class);
        assertThat(links).containsKeys("daktelaApi", "controlApi", "openapi", "swaggerUi", "pauseControlExample", "docs");
        for (var link : links.entrySet()) {
            if (link.getValue().startsWith("/") && !link.getKey().equals("daktelaApi")) {
                int status = given().redirects().follow(true).when().get(link.getValue()).then().extract().statusCode();
                assertThat(status).as(link.getKey() + " " + link.getValue()).isEqualTo(200);
            }
        }
        assertThat(links.get("docs")).startsWith("https://");
    }

    @Test
    void openApiDocumentDescribesTheControlApi() {
        String spec = given().when().get("/_sim/openapi").then().statusCode(200).extract().asString();
        assertThat(spec).contains("/_sim/instances", "getIndex");
    }
}
