package io.dialgate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // The test vector published with the Standard Webhooks specification and its reference libraries.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void shouldMatchTheSpecificationsTestVector() {
        assertThat(WebhookSigner.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void shouldVerifyTheTestVectorAndRefuseTampering() {
        Instant at = Instant.ofEpochSecond(TIMESTAMP);
        Duration tolerance = Duration.ofMinutes(5);
        assertThat(WebhookSigner.verify(SECRET, ID, "1614265330", EXPECTED, BODY, at, tolerance)).isEqualTo(WebhookSigner.Verdict.VALID);
        assertThat(WebhookSigner.verify(SECRET, ID, "1614265330", EXPECTED, BODY + " ", at, tolerance))
                .isEqualTo(WebhookSigner.Verdict.BAD_SIGNATURE);
        assertThat(WebhookSigner.verify(SECRET, "msg_other", "1614265330", EXPECTED, BODY, at, tolerance))
                .isEqualTo(WebhookSigner.Verdict.BAD_SIGNATURE);
        assertThat(WebhookSigner.verify(SECRET, ID, "1614265330", EXPECTED, BODY, at.plusSeconds(301), tolerance))
                .isEqualTo(WebhookSigner.Verdict.STALE_TIMESTAMP);
        assertThat(WebhookSigner.verify(SECRET, ID, "1614265330", EXPECTED, BODY, at.minusSeconds(301), tolerance))
                .isEqualTo(WebhookSigner.Verdict.STALE_TIMESTAMP);
        assertThat(WebhookSigner.verify(SECRET, ID, null, EXPECTED, BODY, at, tolerance))
                .isEqualTo(WebhookSigner.Verdict.MISSING_HEADERS);
    }

    @Test
    void shouldAcceptAnyOfSeveralSignaturesDuringRotation() {
        String other = WebhookSigner.newSecret();
        String header = WebhookSigner.signAll(List.of(other, SECRET), ID, TIMESTAMP, BODY);
        assertThat(header.split(" ")).hasSize(2);
        assertThat(WebhookSigner.verify(SECRET, ID, Long.toString(TIMESTAMP), header, BODY, Instant.ofEpochSecond(TIMESTAMP),
                Duration.ofMinutes(5))).isEqualTo(WebhookSigner.Verdict.VALID);
    }

    @Test
    void shouldGenerateDistinctPrefixedSecrets() {
        assertThat(WebhookSigner.newSecret()).startsWith("whsec_").isNotEqualTo(WebhookSigner.newSecret());
    }
}
