package io.dialgate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.webhook.dispatch.WebhookDispatcher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The verification snippets docs/webhooks.md shows for Node, Python, Go and PHP (docs/webhook-verification/), run
 * on a delivery this gateway signed and sent: they accept it, and refuse it with one byte of the body changed or a
 * wrong secret. The build installs the four tools before the tests when they are missing
 * (gateway/src/test/sh/ensure-snippet-tools.sh); run alone without one, the test fails naming it.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class VerificationSnippetsTest {

    static final Path SNIPPETS = Path.of("..", "docs", "webhook-verification").toAbsolutePath().normalize();

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    EventService events;

    @Test
    void everySnippetVerifiesARealDelivery() throws Exception {
        Api.TestTenant tenant = Api.newTenant();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String secret = tenant.request().body(Map.of("url", receiver.url(), "eventTypes", List.of(), "description", "snippets"))
                    .post("/v1/webhooks").then().statusCode(201).extract().path("secret");
            WebhookTestSupport.append(events, tenant.id(), WebhookTestSupport.newUserId(), EventType.PAUSE_STARTED);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
                dispatcher.runOnce();
                return !receiver.received().isEmpty();
            });
            WebhookReceiver.Received delivery = receiver.received().get(0);
            byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
            byte[] tampered = delivery.body().replaceFirst("pause", "pausE").getBytes(StandardCharsets.UTF_8);
            String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
            for (List<String> command : List.of(List.of("node", SNIPPETS.resolve("verify.js").toString()),
                    List.of("python3", SNIPPETS.resolve("verify.py").toString()),
                    List.of(goProgram().toString()),
                    List.of("php", SNIPPETS.resolve("verify.php").toString()))) {
                assertThat(run(command, secret, delivery, body)).as(command + " on the delivery").isEqualTo("valid");
                assertThat(run(command, secret, delivery, tampered)).as(command + " on a changed body").isEqualTo("invalid");
                assertThat(run(command, otherSecret, delivery, body)).as(command + " with another secret").isEqualTo("invalid");
            }
        }
    }

    /**
     * The Go snippet built into a program: {@code go run} would add its own "exit status 1" line to the output.
     * Go's build cache stays inside the build folder, so the test needs no writable home.
     */
    private static Path goProgram() throws Exception {
        Path program = Path.of("target", "verify-go").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("go", "build", "-o", program.toString(),
                SNIPPETS.resolve("verify.go").toString()).redirectErrorStream(true);
        builder.environment().put("GOCACHE", Path.of("target", "go-cache").toAbsolutePath().toString());
        Process process;
        try {
            process = builder.start();
        } catch (java.io.IOException e) {
            throw new AssertionError("go is needed to check the docs' snippet: run"
                    + " gateway/src/test/sh/ensure-snippet-tools.sh (" + e.getMessage() + ")", e);
        }
        process.getOutputStream().close();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("go build ends").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("go build: " + output).isZero();
        return program;
    }

    /** Runs a snippet as a program; returns what it printed, checked against its exit code. */
    private static String run(List<String> command, String secret, WebhookReceiver.Received delivery, byte[] body) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("WEBHOOK_SECRET", secret, "WEBHOOK_ID", delivery.header("webhook-id"),
                "WEBHOOK_TIMESTAMP", delivery.header("webhook-timestamp"), "WEBHOOK_SIGNATURE", delivery.header("webhook-signature")));
        Process process;
        try {
            process = builder.start();
        } catch (java.io.IOException e) {
            throw new AssertionError(command.get(0) + " is needed to check the docs' snippet: run"
                    + " gateway/src/test/sh/ensure-snippet-tools.sh (" + e.getMessage() + ")", e);
        }
        try (var stdin = process.getOutputStream()) {
            stdin.write(body);
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(command + " ends").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(command + ": " + output).isEqualTo(output.equals("valid") ? 0 : 1);
        return output;
    }
}
