package io.dialgate.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.simulator.Sim;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which JSONP callback names are wrapped, which are refused, and how both kinds of answer are marked. */
@QuarkusTest
class JsonpCallbackTest {

    private static String instance;

    @BeforeEach
    void seed() {
        if (instance == null) {
            instance = Sim.freshInstance(false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cb", "jQuery123_456", "ns.fn", "jQuery112409_1700000000000", "$", "_cb",
        "app.pbx.onQueues", "$jq.cb_2", "__daktelaJsonp.cb12_345678"})
    void shouldWrapAnswerInPlainIdentifierPath(String callback) {
        given().queryParam("accessToken", "tok-a-" + instance).queryParam("callback", callback)
                .get(Sim.api(instance) + "/queues.json").then().statusCode(200)
                .header("Content-Type", startsWith("application/javascript"))
                .header("X-Content-Type-Options", "nosniff")
                .body(startsWith(callback + "({")).body(containsString("\"_status\":200"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eval", "Function", "constructor", "__proto__", "prototype", "document", "window",
        "self", "top", "parent", "globalThis", "location", "alert", "setTimeout", "setInterval", "importScripts",
        "fetch", "XMLHttpRequest", "document.write", "window.location.assign", "cb.constructor.constructor",
        "ns.__proto__.x", "Array.prototype.push", "x.eval", "EVAL", "top.name", "jQuery.fn.document",
        "localStorage.setItem", "this.cb", "opener.cb"})
    void shouldRefuseCallbackNamingADangerousGlobal(String callback) {
        refused(callback);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alert(1)", "a..b", ".cb", "cb.", "1cb", "cb;x", "a b", "cb-1", "a[0]", "cb\u2028",
        "é", ""})
    void shouldRefuseCallbackThatIsNotAnIdentifierPath(String callback) {
        refused(callback);
    }

    @Test
    void shouldAcceptUpTo128Characters() {
        String longest = "a".repeat(128);
        given().queryParam("accessToken", "tok-a-" + instance).queryParam("callback", longest)
                .get(Sim.api(instance) + "/queues.json").then().statusCode(200).body(startsWith(longest + "({"));
        refused("a".repeat(129));
    }

    /** A refused callback gets Daktela's JSON error envelope, never a script that reflects it. */
    private static void refused(String callback) {
        given().queryParam("accessToken", "tok-a-" + instance).queryParam("callback", callback)
                .get(Sim.api(instance) + "/queues.json").then().statusCode(400)
                .header("Content-Type", startsWith("application/json"))
                .header("X-Content-Type-Options", "nosniff")
                .body("result", equalTo(null))
                .body("error[0]", startsWith("Parameter 'callback' must be a JavaScript identifier path"));
    }
}
