package io.dialgate.gateway.webhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.gateway.webhook.WebhookConfig;
import io.dialgate.gateway.webhook.WebhookReceiver;
import io.dialgate.gateway.webhook.WebhookSigner;
import io.dialgate.gateway.webhook.WebhookUrlValidator;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt, from signed request to outcome, against a real receiver on loopback (no database needed). */
class WebhookSenderTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    Vertx vertx;
    WebhookReceiver receiver;
    WebhookSender sender;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        receiver = new WebhookReceiver();
        sender = sender(true, 8);
    }

    @AfterEach
    void tearDown() {
        sender.close();
        receiver.close();
        vertx.close();
    }

    /** A sender with a 500 ms timeout and a 16-byte body limit; private URLs allowed or not. */
    private WebhookSender sender(boolean allowPrivate, int concurrency) {
        Map<String, Object> values = Map.of("timeout", Duration.ofMillis(500), "responseBodyLimit", 16, "dispatcher",
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {WebhookConfig.Dispatcher.class},
                        (proxy, method, args) -> method.getName().equals("concurrency") ? concurrency : null));
        WebhookConfig config = (WebhookConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {WebhookConfig.class},
                (proxy, method, args) -> values.get(method.getName()));
        WebhookUrlValidator validator = new WebhookUrlValidator(allowPrivate, host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
        return new WebhookSender(validator, config, Clock.systemUTC(), vertx);
    }

    private DeliveryJob job(String url) {
        return new DeliveryJob("dlv_1", "ten_1", "whk_1", "evt_1", false, true, url, List.of(SECRET), "{\"id\":\"evt_1\"}", "att_1", null,
                null);
    }

    private DeliveryOutcome send(WebhookSender s, String url) throws Exception {
        return s.send(job(url)).get(10, TimeUnit.SECONDS);
    }

    /**
     * The attempt connects to the address the validator resolved and checked, never to a second lookup of the name
     * (which DNS rebinding could point inside): a name no DNS knows reaches the receiver through the validator's
     * answer, and the receiver still sees the URL's own host.
     */
    @Test
    void shouldConnectToTheAddressTheValidatorChecked() throws Exception {
        receiver.answer(200);
        String url = receiver.url().replace("127.0.0.1", "receiver.invalid");

        DeliveryOutcome outcome = send(sender, url);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.status()).isEqualTo(200);
        assertThat(receiver.received().get(0).header("host")).startsWith("receiver.invalid:");
    }

    @Test
    void shouldSendSignedRequestAndKeepOnlyTheStartOfTheAnswer() throws Exception {
        receiver.then(429, "7");
        receiver.replyBody("0123456789abcdefghijklmnopqrstuvwxyz");

        DeliveryOutcome outcome = send(sender, receiver.url());

        assertThat(outcome.status()).isEqualTo(429);
        assertThat(outcome.retryAfter()).isEqualTo("7");
        assertThat(outcome.responseBody()).isEqualTo("0123456789abcdef");
        assertThat(outcome.error()).isNull();
        WebhookReceiver.Received got = receiver.received().get(0);
        assertThat(got.header("user-agent")).isEqualTo(WebhookSender.USER_AGENT);
        assertThat(got.header("content-type")).isEqualTo("application/json");
        assertThat(WebhookSigner.verify(SECRET, got.header("webhook-id"), got.header("webhook-timestamp"), got.header("webhook-signature"),
                got.body(), Instant.now(), Duration.ofMinutes(5))).isEqualTo(WebhookSigner.Verdict.VALID);
    }

    @Test
    void shouldGiveUpAfterTheTimeout() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        receiver.onRequest("evt_1", () -> {
            try {
                answer.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            DeliveryOutcome outcome = send(sender, receiver.url());
            assertThat(outcome.status()).isNull();
            assertThat(outcome.error()).isEqualTo("timeout after 500 ms");
            assertThat(outcome.durationMs()).isBetween(500, 4000);
        } finally {
            answer.countDown();
        }
    }

    @Test
    void shouldReportARefusedConnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        DeliveryOutcome outcome = send(sender, "http://127.0.0.1:" + closedPort + "/hook");

        assertThat(outcome.status()).isNull();
        assertThat(outcome.error()).startsWith("ConnectException");
    }

    @Test
    void shouldRefuseAPrivateAddressWithoutConnecting() throws Exception {
        WebhookSender strict = sender(false, 8);
        try {
            DeliveryOutcome outcome = send(strict, receiver.url());
            assertThat(outcome.status()).isNull();
            assertThat(outcome.error()).startsWith("refused: host '127.0.0.1'");
            assertThat(receiver.received()).isEmpty();
        } finally {
            strict.close();
        }
    }
}
