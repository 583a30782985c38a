package io.dialgate.gateway.common;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Requests of the wrong shape: a query parameter the endpoint does not declare is refused like an unknown body
 * field, naming it; a wrong method on an existing path is a 405 with {@code Allow}; a change whose fields
 * are all optional may come with no body at all.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class RequestShapeTest {

    @Test
    void misspeltParameterIsA400NamingItAndTheAllowedOnes() {
        Api.TestTenant t = Api.newTenant();
        t.request().queryParam("limt", "10").get("/v1/users").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("limt"))
                .body("detail", containsString("allowed: after, limit"));
    }

    @Test
    void endpointWithoutQueryParametersRefusesAny() {
        Api.TestTenant t = Api.newTenant();
        t.request().queryParam("verbose", "1").get("/v1/pbx-hosts/pbx_00000000000000000000000000").then().statusCode(400)
                .body("errors[0].field", equalTo("verbose"))
                .body("detail", containsString("takes no query parameters"));
    }

    @Test
    void declaredParametersStillWork() {
        Api.TestTenant t = Api.newTenant();
        t.request().queryParam("limit", "5").get("/v1/users").then().statusCode(200);
        t.request().queryParam("type", "call.ringing").queryParam("limit", "5").get("/v1/events").then().statusCode(200);
    }

    @Test
    void wrongMethodOnAnExistingPathIs405WithAllow() {
        Api.TestTenant t = Api.newTenant();
        t.request().put("/v1/pbx-hosts").then().statusCode(405).contentType("application/problem+json")
                .header("Allow", allOf(containsString("GET"), containsString("POST")));
        t.request().post("/v1/users/usr_00000000000000000000000000/state").then().statusCode(405)
                .contentType("application/problem+json").header("Allow", containsString("GET"));
    }

    @Test
    void changeWithOnlyOptionalFieldsAcceptsNoBody() {
        Api.TestTenant t = Api.newTenant();
        String id = t.request().body(java.util.Map.of("url", "http://127.0.0.1:9/events", "eventTypes", java.util.List.of()))
                .post("/v1/webhooks").then().statusCode(201).extract().path("id");
        t.request().patch("/v1/webhooks/" + id).then().statusCode(200).body("id", equalTo(id));
        // No such user: the missing body passed, and the lookup answered.
        t.request().patch("/v1/users/usr_00000000000000000000000000").then().statusCode(404);
    }
}
