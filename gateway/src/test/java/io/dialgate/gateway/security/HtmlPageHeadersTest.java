package io.dialgate.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every HTML page the gateway serves (the browser kit's, found in the built static resources, and
 * Swagger UI) carries a Content-Security-Policy that forbids framing and foreign content, and
 * X-Frame-Options: DENY for browsers without CSP; the kit's pages hold nothing inline that the policy
 * would block, so they keep working under it.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class HtmlPageHeadersTest {

    static final Path STATIC = Path.of("target/classes/META-INF/resources");

    /** What the policy forbids in markup: inline scripts and styles, event-handler attributes, foreign URLs. */
    static final List<Pattern> INLINE = List.of(
            Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE),
            Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(src|href)\\s*=\\s*[\"']?(https?:)?//", Pattern.CASE_INSENSITIVE),
            Pattern.compile("javascript:", Pattern.CASE_INSENSITIVE));

    @Test
    void shouldServeEveryKitPageWithAPolicyItsMarkupObeys() throws IOException {
        List<Path> pages;
        try (Stream<Path> files = Files.walk(STATIC)) {
            pages = files.filter(f -> f.toString().endsWith(".html")).toList();
        }
        assertThat(pages).as("HTML pages under " + STATIC).isNotEmpty();
        for (Path page : pages) {
            String path = "/" + STATIC.relativize(page).toString().replace('\\', '/');
            List<String> urls = path.endsWith("/index.html")
                    ? List.of(path, path.substring(0, path.length() - "index.html".length()))
                    : List.of(path);
            for (String url : urls) {
                Response response = given().get(url);
                response.then().statusCode(200)
                        .header("Content-Security-Policy", containsString("default-src 'self'"))
                        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                        .header("Content-Security-Policy", containsString("object-src 'none'"))
                        .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                        .header("X-Frame-Options", equalTo("DENY"))
                        .header("X-Content-Type-Options", equalTo("nosniff"));
                String markup = response.asString();
                for (Pattern forbidden : INLINE) {
                    assertThat(forbidden.matcher(markup).find()).as(url + " contains " + forbidden.pattern()).isFalse();
                }
            }
        }
    }

    @Test
    void shouldServeSwaggerUiWithAPolicyThatForbidsFraming() {
        given().get("/q/swagger-ui/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Frame-Options", equalTo("DENY"));
    }

    @Test
    void shouldLeaveThePbxPageToTheSimulator() {
        // It talks to a PBX on another origin (JSONP), which the gateway's policy rightly blocks. Checked on
        // the built resources: over HTTP this test JVM also serves the simulator jar's (a test dependency).
        assertThat(STATIC.resolve("examples/pause-control-gateway/index.html")).exists();
        assertThat(STATIC.resolve("examples/pause-control")).doesNotExist();
    }
}
