package io.dialgate.simulator.fidelity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** List options and every filter operator, in the encodings the official connectors produce. */
@QuarkusTest
class ListOptionsTest {

    String instance;
    String api;
    String tokenA;

    @BeforeEach
    void seed() {
        instance = Sim.freshInstance(false);
        api = Sim.api(instance);
        tokenA = "tok-a-" + instance;
        Sim.post("/_sim/instances/" + instance + "/queues", Map.of("name", "3000", "title", "", "type", "in"), 201);
    }

    private RequestSpecification as() {
        return given().header("X-Auth-Token", tokenA);
    }

    /** Queue names matching one Kendo condition. */
    private List<String> kendo(String operator, Object... values) {
        RequestSpecification request = as().queryParam("filter[logic]", "and")
                .queryParam("filter[filters][0][field]", List.of("in", "notin", "between").contains(operator) ? "name" : "title")
                .queryParam("filter[filters][0][operator]", operator);
        if (values.length == 1) {
            request.queryParam("filter[filters][0][value]", values[0]);
        } else {
            for (int i = 0; i < values.length; i++) {
                request.queryParam("filter[filters][0][value][" + i + "]", values[i]);
            }
        }
        return request.get(api + "/queues.json").then().statusCode(200).extract().path("result.data.name");
    }

    @Test
    void shouldSupportEveryDocumentedOperator() {
        // titles: 1000 "In", 2000 "Out", 3000 ""
        org.assertj.core.api.Assertions.assertThat(kendo("eq", "In")).containsExactly("1000");
        org.assertj.core.api.Assertions.assertThat(kendo("neq", "In")).containsExactly("2000", "3000");
        org.assertj.core.api.Assertions.assertThat(kendo("gt", "In")).containsExactly("2000");
        org.assertj.core.api.Assertions.assertThat(kendo("gte", "In")).containsExactly("1000", "2000");
        org.assertj.core.api.Assertions.assertThat(kendo("lt", "Out")).containsExactly("1000", "3000");
        org.assertj.core.api.Assertions.assertThat(kendo("lte", "In")).containsExactly("1000", "3000");
        org.assertj.core.api.Assertions.assertThat(kendo("like", "O%")).containsExactly("2000");
        org.assertj.core.api.Assertions.assertThat(kendo("notlike", "O%")).containsExactly("1000", "3000");
        org.assertj.core.api.Assertions.assertThat(kendo("startswith", "ou")).containsExactly("2000");
        org.assertj.core.api.Assertions.assertThat(kendo("endswith", "ut")).containsExactly("2000");
        org.assertj.core.api.Assertions.assertThat(kendo("contains", "n")).containsExactly("1000");
        org.assertj.core.api.Assertions.assertThat(kendo("doesnotcontain", "n")).containsExactly("2000", "3000");
        org.assertj.core.api.Assertions.assertThat(kendo("isnull", "")).isEmpty();
        org.assertj.core.api.Assertions.assertThat(kendo("isnotnull", "")).hasSize(3);
        org.assertj.core.api.Assertions.assertThat(kendo("isempty", "")).containsExactly("3000");
        org.assertj.core.api.Assertions.assertThat(kendo("isnotempty", "")).containsExactly("1000", "2000");
        org.assertj.core.api.Assertions.assertThat(kendo("in", "1000", "3000")).containsExactly("1000", "3000");
        org.assertj.core.api.Assertions.assertThat(kendo("notin", "1000", "3000")).containsExactly("2000");
        org.assertj.core.api.Assertions.assertThat(kendo("between", "1500", "3000")).containsExactly("2000", "3000");
    }

    @Test
    void shouldReadTheEncodingsOfEachConnector() {
        // axios (JS connector): arrays with empty brackets
        as().queryParam("filter[logic]", "or")
                .queryParam("filter[filters][0][field]", "name").queryParam("filter[filters][0][operator]", "in")
                .queryParam("filter[filters][0][value][]", "1000").queryParam("filter[filters][0][value][]", "2000")
                .get(api + "/queues.json").then().body("result.data.name", contains("1000", "2000"));
        // simple list filter[i][field|operator|value]
        as().queryParam("filter[0][field]", "type").queryParam("filter[0][operator]", "eq")
                .queryParam("filter[0][value]", "out")
                .get(api + "/queues.json").then().body("result.data.name", contains("2000"));
        // triple filter[i][0..2]
        as().queryParam("filter[0][0]", "type").queryParam("filter[0][1]", "neq").queryParam("filter[0][2]", "out")
                .get(api + "/queues.json").then().body("result.data.name", contains("1000", "3000"));
        // PHP-style filter[field]=value
        as().queryParam("filter[type]", "out").get(api + "/queues.json").then()
                .body("result.data.name", contains("2000"));
        // JSON in one parameter, with a nested OR group
        as().queryParam("filter", "{\"logic\":\"and\",\"filters\":[{\"field\":\"type\",\"operator\":\"eq\","
                + "\"value\":\"in\"},{\"logic\":\"or\",\"filters\":[{\"field\":\"name\",\"operator\":\"eq\","
                + "\"value\":\"3000\"},{\"field\":\"name\",\"operator\":\"eq\",\"value\":\"2000\"}]}]}")
                .get(api + "/queues.json").then().body("result.data.name", contains("3000"));
    }

    @Test
    void shouldFilterARelatedRecordByItsName() {
        as().queryParam("filter[logic]", "and").queryParam("filter[filters][0][field]", "id_agent")
                .queryParam("filter[filters][0][operator]", "eq").queryParam("filter[filters][0][value]", "b")
                .get(api + "/realtimeSessions.json").then().body("result.data.name", contains("b"));
    }

    @Test
    void shouldReturnOnlyTheRequestedFields() {
        as().queryParam("fields[0]", "name").queryParam("fields[1]", "type").get(api + "/queues.json").then()
                .body("result.data[0].keySet()", containsInAnyOrder("name", "type"));
        as().queryParam("fields[]", "title").get(api + "/queues.json").then()
                .body("result.data[0].keySet()", contains("title"));
    }

    @Test
    void shouldLeaveTheTotalOutWhenAskedTo() {
        as().queryParam("total", "false").get(api + "/queues.json").then()
                .body("result.containsKey('total')", equalTo(false)).body("result.data", hasSize(3));
        as().queryParam("total", "true").get(api + "/queues.json").then().body("result.total", equalTo(3));
    }

    @Test
    void shouldSearchWithQ() {
        as().queryParam("q", "OU").get(api + "/queues.json").then().body("result.data.name", contains("2000"))
                .body("result.total", equalTo(1));
    }

    @Test
    void shouldRefuseAnUnknownOperator() {
        as().queryParam("filter[0][field]", "name").queryParam("filter[0][operator]", "nin")
                .queryParam("filter[0][value]", "1").get(api + "/queues.json").then().statusCode(400);
    }
}
