package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String TOKEN = "secret-token-123";

    private static JsonNode parse(int status, String body) {
        return parse(status, body, null);
    }

    private static JsonNode parse(int status, String body, String retryAfter) {
        return Envelope.parse("GET pauses", status, body, retryAfter, CLOCK,
                Transport.redactor(AccessToken.of(TOKEN)));
    }

    @Test
    void shouldReturnResultOfSuccessfulEnvelope() {
        JsonNode r = parse(200, "{\"error\":[],\"result\":{\"name\":\"p1\"},\"_time\":\"2025-01-01 12:00:00\"}");
        assertThat(r.get("name").asText()).isEqualTo("p1");
    }

    @Test
    void shouldReturnNullNodeFor204() {
        assertThat(parse(204, "").isNull()).isTrue();
    }

    @Test
    void shouldMapErrorListTo404() {
        var e = catchThrowableOfType(DaktelaNotFoundException.class,
                () -> parse(404, "{\"error\":[\"Record not found\"],\"result\":null}"));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errors()).containsExactly("Record not found");
        assertThat(e.getMessage()).contains("GET pauses", "404", "Record not found");
        assertThat(e.errorPayload().isArray()).isTrue();
    }

    @Test
    void shouldMapStatusesToTypes() {
        assertThatThrownBy(() -> parse(401, "{\"error\":[\"Unauthorized\"],\"result\":null}"))
                .isInstanceOf(DaktelaUnauthorizedException.class);
        assertThatThrownBy(() -> parse(403, "{\"error\":[\"Forbidden\"],\"result\":null}"))
                .isInstanceOf(DaktelaForbiddenException.class);
        assertThatThrownBy(() -> parse(422, "{\"error\":[\"bad\"],\"result\":null}"))
                .isInstanceOf(DaktelaValidationException.class);
        assertThatThrownBy(() -> parse(400, "{\"error\":[\"bad\"],\"result\":null}"))
                .isInstanceOf(DaktelaValidationException.class);
        assertThatThrownBy(() -> parse(503, "{\"error\":[\"down\"],\"result\":null}"))
                .isInstanceOfSatisfying(DaktelaUnavailableException.class, e -> assertThat(e.timedOut()).isFalse());
        assertThatThrownBy(() -> parse(409, "{\"error\":[\"conflict\"],\"result\":null}"))
                .isExactlyInstanceOf(DaktelaException.class);
        assertThatThrownBy(() -> parse(302, "{\"error\":[],\"result\":null}"))
                .isInstanceOf(DaktelaException.class);
    }

    @Test
    void shouldReadFormErrorsAsFieldErrors() {
        var e = catchThrowableOfType(DaktelaValidationException.class, () -> parse(400,
                "{\"error\":[{\"primary\":[\"Form invalid\"],\"form\":{\"title\":\"Required\",\"item\":{\"number\":[\"Bad number\"]}}}],\"result\":null}"));
        assertThat(e.fieldErrors()).containsEntry("title", "Required").containsEntry("item.number", "Bad number");
        assertThat(e.errors()).contains("Form invalid", "title: Required");
    }

    @Test
    void shouldTreatErrorsWithHttp200AsValidationFailure() {
        var e = catchThrowableOfType(DaktelaValidationException.class,
                () -> parse(200, "{\"error\":[\"Queue does not exist\"],\"result\":null}"));
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.errors()).containsExactly("Queue does not exist");
    }

    @Test
    void shouldReadFormErrorsWithHttp200() {
        var e = catchThrowableOfType(DaktelaValidationException.class,
                () -> parse(200, "{\"error\":{\"primary\":[],\"form\":{\"number\":\"Required\"}},\"result\":null}"));
        assertThat(e.fieldErrors()).containsExactly(java.util.Map.entry("number", "Required"));
    }

    @Test
    void shouldReadErrorAsPlainObject() {
        var e = catchThrowableOfType(DaktelaValidationException.class, () -> parse(400,
                "{\"error\":{\"bool\":true,\"int\":1,\"string\":\"test\",\"map\":{\"key\":\"value\"},\"list\":[\"test\"]},\"result\":null}"));
        assertThat(e.errors()).contains("string: test", "bool: true", "map: {\"key\":\"value\"}");
        assertThat(e.errorPayload().get("int").asInt()).isEqualTo(1);
    }

    @Test
    void shouldReadErrorAsString() {
        var e = catchThrowableOfType(DaktelaException.class, () -> parse(400, "{\"error\":\"Nope\",\"result\":null}"));
        assertThat(e.errors()).containsExactly("Nope");
    }

    @Test
    void shouldMapHtml502PageToUnavailable() {
        var e = catchThrowableOfType(DaktelaUnavailableException.class,
                () -> parse(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"));
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).contains("not a JSON envelope");
        assertThat(e.errors()).isEmpty();
    }

    @Test
    void shouldMapHtmlPageWithStatus200ToUnavailable() {
        assertThatThrownBy(() -> parse(200, "<html>maintenance</html>")).isInstanceOf(DaktelaUnavailableException.class);
    }

    @Test
    void shouldReadRetryAfterSeconds() {
        var e = catchThrowableOfType(DaktelaRateLimitedException.class,
                () -> parse(429, "{\"error\":[\"Too many\"],\"result\":null}", "7"));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void shouldReadRetryAfterHttpDate() {
        var e = catchThrowableOfType(DaktelaRateLimitedException.class,
                () -> parse(429, "", "Wed, 01 Jan 2025 12:00:30 GMT"));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void shouldIgnoreUnreadableRetryAfter() {
        var e = catchThrowableOfType(DaktelaRateLimitedException.class, () -> parse(429, "", "soon"));
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void shouldNeverPutTokenInMessageErrorsOrPayload() {
        var e = catchThrowableOfType(DaktelaUnauthorizedException.class,
                () -> parse(401, "{\"error\":[\"Invalid token " + TOKEN + "\"],\"result\":null}"));
        assertThat(e.getMessage()).doesNotContain(TOKEN).contains("***");
        assertThat(e.errors()).noneMatch(s -> s.contains(TOKEN));
        assertThat(e.errorPayload().toString()).doesNotContain(TOKEN);
    }

    @Test
    void shouldReadListWithTotalAsStringNullOrKeyedData() {
        Page<Pause> stringTotal = Paging.page(parse(200,
                "{\"error\":[],\"result\":{\"data\":[{\"name\":\"a\",\"title\":\"A\",\"paid\":1}],\"total\":\"41\"}}"), Pause::from);
        assertThat(stringTotal.total()).isEqualTo(41);
        assertThat(stringTotal.data()).extracting(Pause::name).containsExactly("a");
        assertThat(stringTotal.data().get(0).paid()).isTrue();

        Page<Pause> nullTotal = Paging.page(parse(200,
                "{\"error\":[],\"result\":{\"data\":[{\"name\":\"a\"}],\"total\":null}}"), Pause::from);
        assertThat(nullTotal.total()).isEqualTo(-1);
        assertThat(nullTotal.totalKnown()).isFalse();

        Page<Pause> keyed = Paging.page(parse(200,
                "{\"error\":[],\"result\":{\"data\":{\"a\":{\"name\":\"a\",\"title\":\"A\"},\"b\":{\"title\":\"B\"}},\"total\":2}}"),
                Pause::from);
        assertThat(keyed.data()).extracting(Pause::name).containsExactly("a", "b");
        assertThat(keyed.total()).isEqualTo(2);
    }
}
