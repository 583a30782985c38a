package io.dialgate.simulator.ticket;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TicketsTest {

    String instance;
    String api;
    String a;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(false);
        api = Sim.api(instance);
        a = "tok-a-" + instance;
        Sim.post("/_sim/instances/" + instance + "/statuses", Map.of("name", "resolved", "title", "Resolved"), 201);
        Sim.post("/_sim/instances/" + instance + "/ticket-categories", Map.of("name", "support", "title", "Support",
                "statusRequired", "closing_ticket", "closeCheckChilds", true,
                "sla", Map.of("low", 600, "medium", 120, "high", 30)), 201);
        Sim.post("/_sim/instances/" + instance + "/ticket-categories", Map.of("name", "sales", "title", "Sales"), 201);
    }

    private ValidatableResponse send(String method, String path, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).header("X-Auth-Token", a).body(body).request(method, api + path)
                .then();
    }

    private int create(Map<String, ?> body) {
        return send("POST", "/tickets.json", body).statusCode(201).extract().path("result.name");
    }

    @Test
    void shouldCreateReadListAndPartlyUpdateTickets() {
        int name = send("POST", "/tickets.json", Map.of("title", "Printer on fire", "category", "support", "user", "a",
                "customFields", Map.of("order", "A-17")))
                .statusCode(201)
                .body("result.title", equalTo("Printer on fire"))
                .body("result.category.name", equalTo("support")).body("result.category.title", equalTo("Support"))
                .body("result.user.name", equalTo("a")).body("result.user.title", equalTo("User a"))
                .body("result.stage", equalTo("OPEN")).body("result.priority", equalTo("MEDIUM"))
                .body("result.statuses", empty()).body("result.closed", nullValue())
                .body("result.customFields.order", equalTo(List.of("A-17")))
                .body("result.sla_deadtime", notNullValue())
                .extract().path("result.name");
        int second = create(Map.of("title", "Quote", "category", "sales"));
        assertThat(second).isEqualTo(name + 1);
        given().header("X-Auth-Token", a).get(api + "/tickets/" + second + ".json").then().statusCode(200)
                .body("result.customFields", empty()).body("result.user", nullValue());

        send("PUT", "/tickets/" + name + ".json", Map.of("priority", "HIGH")).statusCode(200)
                .body("result.priority", equalTo("HIGH")).body("result.title", equalTo("Printer on fire"))
                .body("result.stage", equalTo("OPEN"));
        given().header("X-Auth-Token", a).queryParam("filter[user]", "a").get(api + "/tickets.json").then()
                .body("result.total", equalTo(1)).body("result.data[0].name", equalTo(name));
        given().header("X-Auth-Token", a).queryParam("filter[category]", "sales").get(api + "/tickets.json").then()
                .body("result.total", equalTo(1)).body("result.data[0].name", equalTo(second));
        given().header("X-Auth-Token", a).get(api + "/tickets/999.json").then().statusCode(404);
        given().header("X-Auth-Token", a).get(api + "/ticketsCategories.json").then()
                .body("result.data.name", equalTo(List.of("support", "sales")))
                .body("result.data[0].status_required", equalTo("closing_ticket"));
        given().header("X-Auth-Token", a).get(api + "/statuses.json").then().body("result.data[0].name", equalTo("resolved"));
    }

    @Test
    void shouldRefuseBadTicketsWithFormErrorsAndCreateNothing() {
        send("POST", "/tickets.json", Map.of("category", "support")).statusCode(400)
                .body("error.form.title", equalTo("Entry is required")).body("result.category", equalTo("support"));
        send("POST", "/tickets.json", Map.of("title", "x", "category", "nope")).statusCode(400)
                .body("error.form.category", notNullValue());
        send("POST", "/tickets.json", Map.of("title", "x", "category", "sales", "stage", "RESOLVED")).statusCode(400)
                .body("error.form.stage", notNullValue());
        send("POST", "/tickets.json", Map.of("title", "x", "category", "sales", "priority", "1")).statusCode(400)
                .body("error.form.priority", notNullValue());
        send("POST", "/tickets.json", Map.of("title", "x", "category", "sales", "user", "ghost")).statusCode(400)
                .body("error.form.user", notNullValue());
        given().header("X-Auth-Token", a).get(api + "/tickets.json").then().body("result.total", equalTo(0));
        int name = create(Map.of("title", "x", "category", "sales"));
        send("PUT", "/tickets/" + name + ".json", Map.of("stage", "DONE")).statusCode(400).body("error.form.stage",
                notNullValue());
        send("PUT", "/tickets/" + name + ".json", Map.of("title", "")).statusCode(400).body("error.form.title",
                notNullValue());
    }

    @Test
    void shouldHonourTheCategoryRulesWhenClosing() {
        int parent = create(Map.of("title", "Parent", "category", "support", "user", "a"));
        int child = create(Map.of("title", "Child", "category", "sales", "parentTicket", parent));
        send("PUT", "/tickets/" + parent + ".json", Map.of("stage", "CLOSE")).statusCode(400)
                .body("error.primary[0]", equalTo("A status is required to close a ticket in category 'support'"));
        send("PUT", "/tickets/" + parent + ".json", Map.of("stage", "CLOSE", "statuses", List.of("resolved")))
                .statusCode(400).body("error.primary[0]", equalTo("The ticket cannot be closed while it has open child tickets"));
        given().header("X-Auth-Token", a).get(api + "/tickets/" + parent + ".json").then()
                .body("result.stage", equalTo("OPEN")).body("result.statuses", empty());
        given().header("X-Auth-Token", a).delete(api + "/tickets/" + parent + ".json").then().statusCode(400);

        send("PUT", "/tickets/" + child + ".json", Map.of("stage", "CLOSE")).statusCode(200)
                .body("result.closed", notNullValue());
        send("PUT", "/tickets/" + parent + ".json", Map.of("stage", "CLOSE", "statuses", List.of("resolved")))
                .statusCode(200).body("result.stage", equalTo("CLOSE")).body("result.closed", notNullValue())
                .body("result.statuses[0].name", equalTo("resolved"));
        send("PUT", "/tickets/" + parent + ".json", Map.of("stage", "OPEN")).statusCode(200)
                .body("result.closed", nullValue());
        given().header("X-Auth-Token", a).delete(api + "/tickets/" + child + ".json").then().statusCode(204);
        given().header("X-Auth-Token", a).get(api + "/tickets/" + child + ".json").then().statusCode(404);
    }

    @Test
    void shouldShowTheUsersTicketsInPullDataAndChangeTheHash() {
        String first = given().header("X-Auth-Token", a).get(api + "/appPullData.json").then()
                .body("result.tickets", empty()).extract().path("result.hash");
        int name = create(Map.of("title", "Call back", "category", "sales", "user", "a"));
        String second = given().header("X-Auth-Token", a).queryParam("hash", first).get(api + "/appPullData.json")
                .then().body("result.snapshot", equalTo(true))
                .body("result.tickets[0].name", equalTo(name)).body("result.tickets[0].stage", equalTo("OPEN"))
                .extract().path("result.hash");
        assertThat(second).isNotEqualTo(first);
        send("PUT", "/tickets/" + name + ".json", Map.of("stage", "CLOSE")).statusCode(200);
        given().header("X-Auth-Token", a).queryParam("hash", second).get(api + "/appPullData.json").then()
                .body("result.tickets[0].stage", equalTo("CLOSE")).body("result.tickets[0].closed", notNullValue());
        given().header("X-Auth-Token", "tok-b-" + instance).get(api + "/appPullData.json").then()
                .body("result.tickets", empty());
    }

    @Test
    void shouldLinkACommentActivityToItsTicket() {
        int name = create(Map.of("title", "Refund", "category", "sales", "user", "a"));
        send("POST", "/activities.json", Map.of("type", "", "ticket", name, "title", "Note", "description", "Called twice"))
                .statusCode(201).body("result.type", equalTo("COMMENT")).body("result.action", equalTo("CLOSE"))
                .body("result.ticket", equalTo(String.valueOf(name)))
                .body("result.item.description", equalTo("Called twice"));
        send("POST", "/activities.json", Map.of("type", "", "ticket", 4242, "title", "Note")).statusCode(400)
                .body("error.form.ticket", notNullValue());
        given().header("X-Auth-Token", a).queryParam("filter[ticket]", name).get(api + "/activities.json").then()
                .body("result.data", hasSize(1));
        given().header("X-Auth-Token", a).get(api + "/tickets/" + name + ".json").then()
                .body("result.last_activity", notNullValue());
    }

    @Test
    void shouldListTheActivitiesLinkedToATicket() {
        int name = create(Map.of("title", "Refund", "category", "sales", "user", "a"));
        int other = create(Map.of("title", "Quote", "category", "sales", "user", "a"));
        send("POST", "/activities.json", Map.of("type", "", "ticket", name, "title", "Note", "description", "Called twice"))
                .statusCode(201);
        send("POST", "/activities.json", Map.of("type", "", "ticket", other, "title", "Note", "description", "Elsewhere"))
                .statusCode(201);
        Sim.smsQueue(instance, a);
        send("POST", "/activities.json", Map.of("type", "SMS", "queue", "3000", "number", "+420600111222",
                "text", "Refund sent", "ticket", name)).statusCode(201);

        given().header("X-Auth-Token", a).get(api + "/tickets/" + name + "/activities.json").then().statusCode(200)
                .body("result.total", equalTo(2))
                .body("result.data.type", equalTo(List.of("COMMENT", "SMS")))
                .body("result.data.ticket", equalTo(List.of(String.valueOf(name), String.valueOf(name))))
                .body("result.data[0].item.description", equalTo("Called twice"))
                .body("result.data[1].item.text", equalTo("Refund sent"));
        // The list options apply, as on any list.
        given().header("X-Auth-Token", a).queryParam("filter[type]", "SMS")
                .get(api + "/tickets/" + name + "/activities.json").then()
                .body("result.total", equalTo(1)).body("result.data[0].type", equalTo("SMS"));
        // A user without rights over the activities' user sees none of them; the boss (rights over a) sees them.
        given().header("X-Auth-Token", "tok-b-" + instance).get(api + "/tickets/" + name + "/activities.json").then()
                .statusCode(200).body("result.total", equalTo(0));
        given().header("X-Auth-Token", "tok-boss-" + instance).get(api + "/tickets/" + name + "/activities.json").then()
                .statusCode(200).body("result.total", equalTo(2));
        given().header("X-Auth-Token", a).get(api + "/tickets/4242/activities.json").then().statusCode(404);
        given().header("X-Auth-Token", a).get(api + "/tickets/" + name + "/followers.json").then().statusCode(404);
        send("POST", "/tickets/" + name + "/activities.json", Map.of("title", "x")).statusCode(405);
    }

    @Test
    void shouldForgetTicketsWhenTheInstanceIsReset() {
        create(Map.of("title", "x", "category", "sales"));
        given().delete("/_sim/instances/" + instance).then().statusCode(204);
        Sim.user(instance, "a", a);
        given().header("X-Auth-Token", a).get(api + "/tickets.json").then().body("result.total", equalTo(0));
        given().header("X-Auth-Token", a).get(api + "/ticketsCategories.json").then().body("result.total", equalTo(0));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "statusRequired", "sometimes"))
                .post("/_sim/instances/" + instance + "/ticket-categories").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "smsQueue", "9")).post("/_sim/instances/"
                + instance + "/ticket-categories").then().statusCode(400)
                .body("detail", equalTo("Field 'smsQueue' names unknown queue '9'"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "oops", 1)).post("/_sim/instances/"
                + instance + "/statuses").then().statusCode(400).body("detail", hasItemOrText("oops"));
    }

    private static org.hamcrest.Matcher<String> hasItemOrText(String text) {
        return org.hamcrest.Matchers.containsString(text);
    }
}
