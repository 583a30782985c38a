package io.dialgate.gateway.operation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class CallsAndActivitiesTest {

    @Test
    void shouldHangUpAndListActivitiesByTypeAndState() {
        PbxFixture f = PbxFixture.create();
        f.pbx.addQueue("3000", "sms");
        String id = f.registerAgent();
        f.tenant.request().put("/v1/users/" + id + "/queues/2000").then().statusCode(200);
        f.tenant.request().put("/v1/users/" + id + "/queues/3000").then().statusCode(200);
        String call = f.tenant.request().body(Map.of("number", "+420123", "queue", "2000")).post("/v1/users/" + id + "/calls")
                .then().statusCode(201).extract().path("activity");
        f.tenant.request().body(Map.of("number", "+420600111222", "text", "x")).post("/v1/users/" + id + "/sms").then()
                .statusCode(201);
        f.tenant.request().queryParam("open", true).get("/v1/users/" + id + "/activities").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].name", equalTo(call)).body("data[0].type", equalTo("CALL"));
        f.tenant.request().queryParam("type", "SMS").get("/v1/users/" + id + "/activities").then()
                .body("data", hasSize(1)).body("data[0].direction", equalTo("OUT"))
                .body("data[0].number", equalTo("+420600111222"));
        f.tenant.request().queryParam("limit", 1).get("/v1/users/" + id + "/activities").then()
                .body("data", hasSize(1)).body("nextCursor", equalTo("1"));

        f.tenant.request().delete("/v1/users/" + id + "/calls/" + call).then().statusCode(200)
                .body("action", equalTo("CLOSE")).body("closedAt", notNullValue());
        f.tenant.request().delete("/v1/users/" + id + "/calls/" + call).then().statusCode(200);
        f.tenant.request().queryParam("open", true).get("/v1/users/" + id + "/activities").then().body("data", hasSize(0));
        f.tenant.request().queryParam("open", false).get("/v1/users/" + id + "/activities").then()
                .body("data.action", everyItem(equalTo("CLOSE")));
        f.tenant.request().delete("/v1/users/" + id + "/calls/nope").then().statusCode(404);
        f.tenant.request().queryParam("type", "FAX").get("/v1/users/" + id + "/activities").then().statusCode(400)
                .body("errors[0].field", containsString("type"));
        Api.newTenant().request().delete("/v1/users/" + id + "/calls/" + call).then().statusCode(404);
    }

    @Test
    void shouldDialForAnotherLoginOnlyWithRightsOverIt() {
        PbxFixture f = PbxFixture.create();
        f.registerAgent();
        String bossToken = "tok-boss3-" + UUID.randomUUID();
        f.pbx.addUser("boss3", "pw", bossToken, List.of("agent"));
        f.pbx.addUser("loner", "pw", "tok-l-" + UUID.randomUUID(), List.of());
        String bossId = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "boss3", "accessToken", bossToken,
                "monitored", false)).post("/v1/users").then().statusCode(201).extract().path("id");
        String agentId = f.tenant.request().get("/v1/users").then().extract().path("data.find { it.login == 'agent' }.id");
        f.tenant.request().put("/v1/users/" + agentId + "/queues/2000").then().statusCode(200);
        f.tenant.request().body(Map.of("number", "+420123", "queue", "2000", "forLogin", "agent"))
                .post("/v1/users/" + bossId + "/calls").then().statusCode(201);
        f.tenant.request().body(Map.of("number", "+420123", "queue", "2000", "forLogin", "loner"))
                .post("/v1/users/" + bossId + "/calls").then().statusCode(403).body("code", equalTo("no_rights_over_login"))
                .body("detail", containsString("loner")).body("detail", containsString(bossId));
    }
}
