package io.dialgate.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Short-hands for tests: an operator request, a tenant request, a fresh tenant. */
public final class Api {

    public static final String OPERATOR_TOKEN = "test-operator-token";

    private Api() {
    }

    public static RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + OPERATOR_TOKEN).contentType(ContentType.JSON);
    }

    public static RequestSpecification tenant(String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType(ContentType.JSON);
    }

    /** A new tenant of its own, so tests never depend on each other; returns {id, apiKey}. */
    public static TestTenant newTenant() {
        Map<String, Object> created = operator().body(Map.of("name", "t-" + UUID.randomUUID()))
                .post("/admin/tenants").then().statusCode(201).extract().as(Map.class);
        return new TestTenant((String) created.get("id"), (String) created.get("apiKey"));
    }

    public record TestTenant(String id, String apiKey) {
        public RequestSpecification request() {
            return tenant(apiKey);
        }
    }
}
