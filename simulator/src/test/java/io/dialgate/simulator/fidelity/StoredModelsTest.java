package io.dialgate.simulator.fidelity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoints the official connectors' READMEs and tests use: statuses written, CRM-side models read and filtered. */
@QuarkusTest
class StoredModelsTest {

    @Test
    void shouldCreateReadUpdateAndDeleteStatuses() {
        String instance = Sim.freshInstance(false);
        String api = Sim.api(instance);
        String token = "tok-a-" + instance;
        String name = given().contentType(ContentType.JSON).header("X-Auth-Token", token)
                .body(Map.of("title", "Interested", "color", "#00ff00"))
                .post(api + "/statuses.json").then().statusCode(201).body("result.title", equalTo("Interested"))
                .body("result.name", startsWith("statuses_")).body("result._sys.model", equalTo("statuses"))
                .extract().path("result.name");
        given().header("X-Auth-Token", token).get(api + "/statuses/" + name + ".json").then().statusCode(200)
                .body("result.color", equalTo("#00ff00"));
        given().contentType(ContentType.JSON).header("X-Auth-Token", token).body(Map.of("title", "Hot lead"))
                .put(api + "/statuses/" + name + ".json").then().statusCode(200).body("result.title", equalTo("Hot lead"))
                .body("result.color", equalTo("#00ff00"));
        given().contentType(ContentType.JSON).header("X-Auth-Token", token).body(Map.of("color", "red"))
                .post(api + "/statuses.json").then().statusCode(400).body("error.form.title", equalTo("Item is mandatory"))
                .body("result.color", equalTo("red"));
        given().header("X-Auth-Token", token).delete(api + "/statuses/" + name + ".json").then().statusCode(204);
        given().header("X-Auth-Token", token).get(api + "/statuses/" + name + ".json").then().statusCode(404);
    }

    @Test
    void shouldServeTheDemoSeedsCrmSideRecords() {
        String token = "demo-token-agent1";
        given().header("X-Auth-Token", token).get("/api/v6/contacts.json").then().statusCode(200)
                .body("result.total", equalTo(2)).body("result.data[0]._sys.model", equalTo("contacts"));
        given().header("X-Auth-Token", token).queryParam("filter[logic]", "and")
                .queryParam("filter[filters][0][field]", "user").queryParam("filter[filters][0][operator]", "eq")
                .queryParam("filter[filters][0][value]", "agent1").get("/api/v6/contacts.json").then()
                .body("result.data.name", contains("contact_jan_novak"));
        given().header("X-Auth-Token", token).get("/api/v6/crmRecords.json").then().body("result.data", hasSize(1));
        given().header("X-Auth-Token", token).get("/api/v6/campaignsRecords/records_5fa299a48ab72834012563.json")
                .then().statusCode(200).body("result.queue.name", equalTo("2000"));
        given().header("X-Auth-Token", token).queryParam("q", "shipped").get("/api/v6/activitiesSms.json").then()
                .body("result.data.name", contains("sms_1"));
        given().header("X-Auth-Token", token).queryParam("filter[state]", "SENT").get("/api/v6/activitiesEmail.json")
                .then().body("result.data.name", contains("emails_1"));
    }

    @Test
    void shouldSeedRecordsThroughTheControlApi() {
        String instance = Sim.freshInstance(false);
        Sim.post("/_sim/instances/" + instance + "/records/contacts", Map.of("name", "c1", "title", "C One"), 201);
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/_sim/instances/" + instance + "/records/nope")
                .then().statusCode(404);
        given().header("X-Auth-Token", "tok-a-" + instance).get(Sim.api(instance) + "/contacts/c1.json").then()
                .statusCode(200).body("result.title", equalTo("C One"));
    }
}
