package io.dialgate.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.polling.PolledStateService;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.PbxFixture;
import io.dialgate.gateway.webhook.WebhookReceiver;
import io.dialgate.gateway.webhook.dispatch.WebhookDispatcher;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One real command through the gateway, with tracing on and an in-memory exporter: the API call, its request to
 * the simulated PBX, the poll answer that sees the change, the event, and the attempt that reaches a real
 * loopback webhook receiver form one span tree, and no span carries a secret.
 */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class TracingTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Path LOG = Path.of("target/quarkus-test.log");

    /** Tracing on as an operator turns it on, with spans exported every 50 ms. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms");
        }
    }

    @Inject
    InMemorySpanExporter spans;
    @Inject
    WebhookDispatcher dispatcher;
    @Inject
    PolledStateService polled;

    WebhookReceiver receiver;

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void shouldTraceACommandThroughThePbxAndThePollAnswerToTheWebhookAttempt() throws Exception {
        PbxFixture f = PbxFixture.create();
        Map<String, Object> webhook = f.tenant.request()
                .body(Map.of("url", receiver.url() + "?key=receiver-query-secret", "eventTypes", List.of("queue.login")))
                .post("/v1/webhooks").then().statusCode(201).extract().as(Map.class);
        String userId = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "agent", "accessToken", f.agentToken))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        await("baseline snapshot").atMost(DEADLINE).until(() -> polled.find(f.tenant.id(), userId).isPresent());
        spans.reset();

        f.tenant.request().put("/v1/users/" + userId + "/queues/1000").then().statusCode(200);
        await("the webhook").atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce();
            return !receiver.received().isEmpty();
        });
        SpanData attempt = await("the attempt's span").atMost(DEADLINE)
                .until(() -> find(s -> s.getName().equals("webhook attempt")), Optional::isPresent).get();

        String traceId = attempt.getTraceId();
        List<SpanData> trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
        SpanData command = only(trace, s -> s.getKind() == SpanKind.SERVER);
        assertThat(command.getName()).isEqualTo("PUT /v1/users/{userId}/queues/{queue}");
        assertThat(command.getParentSpanContext().isValid()).as("the API call is the root").isFalse();

        SpanData pbx = only(trace, s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("Daktela "));
        assertThat(pbx.getParentSpanId()).as("the PBX request is a child of the API call").isEqualTo(command.getSpanId());
        assertThat(pbx.getName()).isEqualTo("Daktela POST usersSession");
        assertThat(pbx.getAttributes().asMap().keySet()).extracting(Object::toString)
                .contains("http.request.method", "http.response.status_code", "server.address", "url.full");

        SpanData answer = only(trace, s -> s.getName().equals("poll answer"));
        assertThat(answer.getParentSpanId()).as("the poll answer that shows the change continues the command's trace")
                .isEqualTo(command.getSpanId());
        assertThat(answer.getAttributes().get(Tracing.USER_ID)).isEqualTo(userId);

        SpanData event = only(trace, s -> s.getName().equals("event queue.login"));
        assertThat(event.getParentSpanId()).isEqualTo(answer.getSpanId());
        assertThat(attempt.getParentSpanId()).as("the attempt is a child of the event").isEqualTo(event.getSpanId());
        assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(attempt.getAttributes().get(Tracing.HTTP_STATUS)).isEqualTo(200L);
        assertThat(attempt.getAttributes().get(Tracing.EVENT_ID)).isEqualTo(event.getAttributes().get(Tracing.EVENT_ID));
        assertThat(attempt.getAttributes().get(Tracing.URL_FULL)).endsWith("?key=REDACTED");

        // The receiver can continue the trace; the delivery record names it.
        WebhookReceiver.Received received = receiver.received().get(0);
        assertThat(received.header("traceparent")).isEqualTo("00-" + traceId + "-" + attempt.getSpanId() + "-01");
        assertThat(received.header("webhook-id")).isEqualTo(event.getAttributes().get(Tracing.EVENT_ID));
        Map<String, Object> delivery = f.tenant.request().get("/v1/webhooks/" + webhook.get("id") + "/deliveries")
                .then().statusCode(200).extract().path("data[0]");
        assertThat(delivery.get("traceId")).isEqualTo(traceId);
        assertThat(((List<Map<String, Object>>) delivery.get("attempts")).get(0).get("traceId")).isEqualTo(traceId);

        // Polls that are held and answered unchanged make no span; neither does the long poll itself.
        assertThat(spans.getFinishedSpanItems()).noneMatch(s -> s.getName().contains("appPullData"));

        // No secret in any span: the agent's token, the tenant's API key, the webhook's secret, a URL's query value.
        List<String> secrets = List.of(f.agentToken, f.tenant.apiKey(), (String) webhook.get("secret"), "receiver-query-secret",
                Api.OPERATOR_TOKEN);
        for (SpanData span : spans.getFinishedSpanItems()) {
            String text = span.getName() + " " + span.getAttributes() + " " + span.getEvents() + " " + span.getStatus();
            for (String secret : secrets) {
                assertThat(text).as("span %s", span.getName()).doesNotContain(secret);
            }
        }

        // Log lines written for the delivery carry its trace id (the test log file is JSON, with the MDC).
        await("a log line with the trace id").atMost(DEADLINE)
                .until(() -> Files.readString(LOG).contains("\"traceId\":\"" + traceId + "\""));
    }

    private Optional<SpanData> find(Predicate<SpanData> which) {
        return spans.getFinishedSpanItems().stream().filter(which).findFirst();
    }

    private static SpanData only(List<SpanData> trace, Predicate<SpanData> which) {
        List<SpanData> matching = trace.stream().filter(which).toList();
        assertThat(matching).as("spans of the trace: %s", names(trace.stream())).hasSize(1);
        return matching.get(0);
    }

    private static List<String> names(Stream<SpanData> spans) {
        return spans.map(s -> s.getName() + "(" + s.getKind() + " " + s.getSpanId() + "<-" + s.getParentSpanId() + ")").toList();
    }
}
