package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final String TOKEN = "tok-5ecret-9876";

    @Test
    void shouldNeverPrintTokenFromValueTypes() {
        AccessToken token = AccessToken.of(TOKEN);
        assertThat(token.toString()).isEqualTo("AccessToken[***]");
        assertThat(token.value()).isEqualTo(TOKEN);
        LoginResult login = new LoginResult(token, Optional.of("refresh-secret"));
        assertThat(login.toString()).doesNotContain(TOKEN).doesNotContain("refresh-secret");
        assertThat(new DaktelaClient(java.net.URI.create("http://pbx"), null, token).toString()).doesNotContain(TOKEN);
    }

    @Test
    void shouldStripWhitespaceAndRejectBlankTokens() {
        assertThat(AccessToken.of(TOKEN + "\n").value()).isEqualTo(TOKEN);
        assertThatThrownBy(() -> AccessToken.of("  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDropCauseThatQuotesTheToken() {
        Request request = Request.read("pauses", null, Map.of());
        AccessToken token = AccessToken.of(TOKEN);
        Throwable mapped = Transport.ioFailure(request,
                new IOException("connection reset calling /api/v6/pauses.json?accessToken=" + TOKEN),
                Transport.redactor(token));
        assertThat(mapped).isInstanceOf(DaktelaUnavailableException.class);
        assertThat(mapped.getCause()).isNull();
        assertThat(mapped.getMessage()).doesNotContain(TOKEN).contains("GET pauses", "IOException");
    }

    @Test
    void shouldKeepHarmlessCauseAndDetectTimeouts() {
        Request request = Request.longPoll("appPullData", Map.of("hash", "h"));
        AccessToken token = AccessToken.of(TOKEN);
        Throwable mapped = Transport.ioFailure(request, new java.util.concurrent.TimeoutException(),
                Transport.redactor(token));
        assertThat(mapped).isInstanceOfSatisfying(DaktelaUnavailableException.class, e -> {
            assertThat(e.timedOut()).isTrue();
            assertThat(e.status()).isZero();
        });
        assertThat(mapped.getCause()).isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void shouldScrubAnySecretFromEnvelopeErrors() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(DaktelaUnauthorizedException.class,
                () -> Envelope.parse("POST login", 401, "{\"error\":[\"Wrong password hunter2\"],\"result\":null}", null,
                        java.time.Clock.systemUTC(), Transport.redactor(AccessToken.of("hunter2"))));
        assertThat(e.getMessage()).doesNotContain("hunter2");
        assertThat(e.errors()).containsExactly("Wrong password ***");
    }

    @Test
    void shouldKeepQueryOutOfOperationName() {
        Request r = Request.read("pauses", "p1", Map.of("accessToken", TOKEN));
        assertThat(r.operation()).isEqualTo("GET pauses/p1");
    }
}
