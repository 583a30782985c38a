package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Nothing this client logs (retries, failures), at any level, in any placement, shows the token. */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LogRedactionTest {

    @Test
    void shouldNeverLogTheToken() {
        SimControl sim = SimControl.newInstance("logs");
        sim.queue("1000", "in");
        String token = sim.user("alice", "pw", List.of());
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringWriter text = new StringWriter().append(r.getLoggerName()).append(' ')
                        .append(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        text.append(' ').append(String.valueOf(p));
                    }
                }
                if (r.getThrown() != null) {
                    r.getThrown().printStackTrace(new PrintWriter(text));
                }
                lines.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (TokenPlacement placement : TokenPlacement.values()) {
                try (DaktelaClients clients = DaktelaClients.create(DaktelaClientOptions.builder()
                        .tokenPlacement(placement).retryBaseDelay(Duration.ofMillis(10))
                        .retryMaxDelay(Duration.ofMillis(20)).build())) {
                    DaktelaClient client = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
                    sim.fault(Map.of("token", token, "endpoint", "whoim", "status", 503, "count", 2));
                    sim.fault(Map.of("token", token, "endpoint", "pauses", "drop", true, "count", 4));
                    sim.fault(Map.of("token", token, "endpoint", "usersSession", "quirk", "html-502", "count", 1));
                    client.whoAmI();
                    assertThat(catchThrowable(() -> client.pauses().list(ListQuery.firstPage())))
                            .isInstanceOf(DaktelaUnavailableException.class);
                    assertThat(catchThrowable(() -> client.userSessions().queue("1000", true, 0)))
                            .isInstanceOf(DaktelaUnavailableException.class);
                }
            }
        } finally {
            root.removeHandler(capture);
            sim.clearFaults();
        }
        assertThat(lines).as("the capture saw the client's retry logs").anyMatch(l -> l.contains("Retrying GET whoim"));
        assertThat(lines).noneMatch(l -> l.contains(token));
    }
}
