package io.dialgate.gateway.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

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
class TicketResourceTest {

    private static PbxFixture fixture() {
        PbxFixture f = PbxFixture.create();
        f.pbx.addTicketStatus("resolved", "Resolved");
        f.pbx.addTicketCategory(Map.of("name", "support", "title", "Support", "statusRequired", "closing_ticket"));
        f.pbx.addTicketCategory(Map.of("name", "sales", "title", "Sales"));
        return f;
    }

    private static long ticketWrites(PbxFixture f) {
        return f.pbx.journal().stream().filter(e -> !e.path("method").asText().equals("GET")
                && e.path("path").asText().contains("tickets")).count();
    }

    @Test
    void shouldCreateListUpdateAndCloseATicket() {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        String ticket = f.tenant.request().body(Map.of("title", "Router keeps rebooting", "category", "support",
                "priority", "HIGH", "customFields", Map.of("order", List.of("A-1042"))))
                .post("/v1/users/" + id + "/tickets").then().statusCode(201)
                .body("id", notNullValue()).body("user", equalTo("agent")).body("stage", equalTo("OPEN"))
                .body("priority", equalTo("HIGH")).body("category", equalTo("support"))
                .body("customFields.order[0]", equalTo("A-1042")).body("createdAt", notNullValue())
                .extract().path("id");
        f.tenant.request().body(Map.of("title", "Second", "category", "sales")).post("/v1/users/" + id + "/tickets")
                .then().statusCode(201).body("priority", equalTo("MEDIUM"));

        f.tenant.request().queryParam("limit", 1).get("/v1/users/" + id + "/tickets").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].title", equalTo("Second")).body("nextCursor", equalTo("1"));
        f.tenant.request().queryParam("limit", 1).queryParam("after", "1").get("/v1/users/" + id + "/tickets").then()
                .body("data[0].id", equalTo(ticket)).body("nextCursor", nullValue());

        f.tenant.request().body(Map.of("priority", "LOW", "comment", "Customer called back"))
                .patch("/v1/users/" + id + "/tickets/" + ticket).then().statusCode(200).body("priority", equalTo("LOW"));
        f.tenant.request().body(Map.of("stage", "CLOSE")).patch("/v1/users/" + id + "/tickets/" + ticket).then()
                .statusCode(409).body("code", equalTo("ticket_change_refused"))
                .body("detail", containsString("A status is required"));
        f.tenant.request().body(Map.of("stage", "CLOSE", "statuses", List.of("resolved")))
                .patch("/v1/users/" + id + "/tickets/" + ticket).then().statusCode(200)
                .body("stage", equalTo("CLOSE")).body("closedAt", notNullValue()).body("statuses[0]", equalTo("resolved"));
        f.tenant.request().queryParam("stage", "CLOSE").get("/v1/users/" + id + "/tickets").then()
                .body("data", hasSize(1)).body("data[0].id", equalTo(ticket));
    }

    @Test
    void shouldRefuseBadTicketsNamingTheFieldWithoutWritingToThePbx() {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        f.tenant.request().get("/v1/users/" + id + "/tickets").then().statusCode(200);
        f.pbx.clearJournal();
        f.tenant.request().body(Map.of("title", "x", "category", "nope")).post("/v1/users/" + id + "/tickets").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("category"))
                .body("detail", containsString("support, sales"));
        f.tenant.request().body(Map.of("title", "x", "category", "support", "stage", "RESOLVED"))
                .post("/v1/users/" + id + "/tickets").then().statusCode(400).body("errors[0].field", equalTo("stage"));
        f.tenant.request().body(Map.of("title", "x", "category", "support", "priority", "URGENT"))
                .post("/v1/users/" + id + "/tickets").then().statusCode(400).body("errors[0].field", equalTo("priority"));
        f.tenant.request().body(Map.of("category", "support")).post("/v1/users/" + id + "/tickets").then()
                .statusCode(400).body("errors[0].field", equalTo("title"));
        f.tenant.request().body(Map.of("stage", "DONE")).patch("/v1/users/" + id + "/tickets/1").then()
                .statusCode(400).body("errors[0].field", equalTo("stage"));
        assertThat(ticketWrites(f)).as("nothing written to the PBX").isZero();
    }

    @Test
    void shouldHideTicketsOfOtherUsersAndTenants() {
        PbxFixture f = fixture();
        String id = f.registerAgent();
        String bossToken = "tok-b-" + UUID.randomUUID();
        f.pbx.addUser("other", "pw", bossToken, List.of());
        String otherId = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "other", "accessToken", bossToken,
                "monitored", false)).post("/v1/users").then().statusCode(201).extract().path("id");
        String ticket = f.tenant.request().body(Map.of("title", "Mine", "category", "sales"))
                .post("/v1/users/" + id + "/tickets").then().statusCode(201).extract().path("id");
        f.pbx.clearJournal();
        f.tenant.request().body(Map.of("stage", "CLOSE")).patch("/v1/users/" + otherId + "/tickets/" + ticket).then()
                .statusCode(404).body("code", equalTo("not_found"));
        f.tenant.request().get("/v1/users/" + otherId + "/tickets").then().body("data", hasSize(0));
        Api.TestTenant stranger = Api.newTenant();
        stranger.request().body(Map.of("stage", "CLOSE")).patch("/v1/users/" + id + "/tickets/" + ticket).then()
                .statusCode(404);
        stranger.request().body(Map.of("title", "x", "category", "sales")).post("/v1/users/" + id + "/tickets").then()
                .statusCode(404);
        assertThat(ticketWrites(f)).isZero();
        f.tenant.request().body(Map.of("stage", "CLOSE")).patch("/v1/users/" + id + "/tickets/99999").then()
                .statusCode(404);
    }

    @Test
    void shouldListCategoriesOfAHostAndQueuesAndPausesOfAUser() {
        PbxFixture f = fixture();
        f.pbx.addQueue("3000", "sms");
        f.tenant.request().get("/v1/pbx-hosts/" + f.hostId + "/ticket-categories").then().statusCode(409)
                .body("code", equalTo("no_user_on_host"));
        String id = f.registerAgent();
        f.tenant.request().get("/v1/pbx-hosts/" + f.hostId + "/ticket-categories").then().statusCode(200)
                .body("data.name", equalTo(List.of("support", "sales")))
                .body("data[0].statusRequired", equalTo("closing_ticket"));
        f.tenant.request().put("/v1/users/" + id + "/queues/1000").then().statusCode(200);
        f.tenant.request().get("/v1/users/" + id + "/queues").then().statusCode(200)
                .body("data.find { it.name == '2000' }.forCalls", equalTo(true))
                .body("data.find { it.name == '3000' }.forSms", equalTo(true))
                .body("data.find { it.name == '1000' }.loggedIn", equalTo(true))
                .body("data.find { it.name == '1000' }.forCalls", equalTo(false));
        f.tenant.request().get("/v1/users/" + id + "/pauses").then().statusCode(200)
                .body("data.name", equalTo(List.of("lunch", "wrap")));
        Api.newTenant().request().get("/v1/pbx-hosts/" + f.hostId + "/ticket-categories").then().statusCode(404);
    }
}
