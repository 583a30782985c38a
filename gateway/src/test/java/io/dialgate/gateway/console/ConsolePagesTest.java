package io.dialgate.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's pages: the root URL opens it, every page is served under a policy that forbids inline code and
 * framing and holds no inline code, and its scripts only ever put data into the page as text.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ConsolePagesTest {

    /** What the policy forbids in markup (as the browser kit's pages are checked): inline code and foreign URLs. */
    static final List<Pattern> INLINE = List.of(
            Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE),
            Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(src|href)\\s*=\\s*[\"']?(https?:)?//", Pattern.CASE_INSENSITIVE),
            Pattern.compile("javascript:", Pattern.CASE_INSENSITIVE));

    static final List<String> PAGES = List.of("/console", "/console/agents", "/console/events", "/console/webhooks",
            "/console/deliveries", "/console/setup", "/console/tenants", "/console/system");

    @Test
    void shouldRedirectTheRootUrlToTheConsole() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", equalTo("/console"));
    }

    @Test
    void shouldServeEveryPageUnderAPolicyItsMarkupObeys() {
        for (String page : PAGES) {
            String html = given().get(page).then().statusCode(200).contentType(startsWith("text/html"))
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .extract().asString();
            for (Pattern forbidden : INLINE) {
                assertThat(forbidden.matcher(html).find()).as(page + " holds " + forbidden).isFalse();
            }
            assertThat(html).as(page).contains("<main id=\"main\"").contains("/console/static/console.js")
                    .contains("<html lang=\"en\">").contains("name=\"viewport\"");
        }
        given().get("/console/static/console.css").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"));
    }

    @Test
    void shouldOpenTheDeliveriesPageWithItsFiltersPreset() {
        // The webhooks page links an endpoint's deliveries as /console/deliveries?webhookId=...
        given().queryParam("webhookId", "wh_0193a5b2c3d000001").queryParam("state", "failed")
                .queryParam("eventType", "queue.login").queryParam("userId", "usr_0193a5b2c3d000001")
                .get("/console/deliveries").then().statusCode(200).body(containsString("id=\"delivery-filters\""));
        given().queryParam("limt", "10").get("/console/deliveries").then().statusCode(400);
    }

    @Test
    void shouldLabelEveryFormField() {
        for (String page : PAGES) {
            String html = given().get(page).then().statusCode(200).extract().asString();
            var inputs = Pattern.compile("<(input|select)\\b[^>]*\\bid=\"([^\"]+)\"[^>]*>").matcher(html);
            while (inputs.find()) {
                if (inputs.group(0).contains("type=\"radio\"")) {
                    continue; // radios sit inside their label
                }
                assertThat(html).as(page + ": a label for #" + inputs.group(2)).contains("for=\"" + inputs.group(2) + "\"");
            }
        }
    }

    @Test
    void shouldPutDataIntoPagesOnlyAsText() throws IOException {
        Path scripts = Path.of("src/main/resources/META-INF/resources/console/static");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(scripts)) {
            files = walk.filter(f -> f.toString().endsWith(".js")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        Pattern html = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|localStorage|document\\.cookie");
        for (Path file : files) {
            assertThat(html.matcher(Files.readString(file)).find()).as(file + " builds markup from strings or keeps state outside "
                    + "the tab's session storage").isFalse();
        }
    }
}
