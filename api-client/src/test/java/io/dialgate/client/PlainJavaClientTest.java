package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialgate.client.plain.PlainJavaProgram;
import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client in a plain Java program (a JVM with no Quarkus jar on its class path, talking to the real
 * simulator) and inside Quarkus, where it shares the application's Vert.x instance and never closes it.
 */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PlainJavaClientTest {

    private static SimControl sim;
    private static String token;

    @Inject
    Vertx quarkusVertx;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("plain");
        token = sim.user("plainuser", "pw-plain", List.of());
    }

    @Test
    void runsInAPlainJavaProgramWithItsOwnVertxAndEndsWhenClosed() throws Exception {
        // Surefire's own class path, less every Quarkus jar (io.quarkus and io.quarkus.arc groups).
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                        .split(File.pathSeparator))
                .filter(entry -> !entry.replace(File.separatorChar, '/').contains("/io/quarkus/"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).contains("vertx-core").doesNotContain("quarkus-core");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process program = new ProcessBuilder(java, "-cp", classPath, PlainJavaProgram.class.getName(),
                sim.pbxUrl().toString(), token).redirectErrorStream(true).start();
        // Ending at all is the point: the Vert.x threads the factory started would keep the JVM alive.
        boolean ended = program.waitFor(60, TimeUnit.SECONDS);
        String output = new String(program.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            program.destroyForcibly();
        }
        assertThat(ended).as("the program ends after closing the factory; output:%n%s", output).isTrue();
        assertThat(program.exitValue()).as(output).isZero();
        assertThat(output).contains("quarkus-absent", "whoami plainuser")
                .contains("after close: This client's connections are closed")
                .contains("closed factory: This DaktelaClients is closed: make a new one with DaktelaClients.create()")
                .doesNotContain("NullPointerException");
    }

    @Test
    void insideQuarkusUsesTheApplicationsVertxAndLeavesItRunning() {
        DaktelaClients clients = DaktelaClients.create();
        assertThat(clients.vertx()).isSameAs(quarkusVertx);
        DaktelaClient client = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
        assertThat(client.whoAmI().user()).get().extracting(User::name).isEqualTo("plainuser");
        clients.close();
        assertThatThrownBy(client::whoAmI).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Make a new client with forUser");
        assertThatThrownBy(() -> clients.login(sim.pbxUrl())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DaktelaClients.create()");
        // The application's Vert.x instance still serves a new factory (closing the first did not close it).
        try (DaktelaClients again = DaktelaClients.create()) {
            assertThat(again.forUser(sim.pbxUrl(), AccessToken.of(token)).whoAmI().user()).isPresent();
        }
    }

    @Test
    void aGivenVertxStaysTheCallers() {
        Vertx own = Vertx.vertx();
        try {
            try (DaktelaClients clients = DaktelaClients.create(own, DaktelaClientOptions.defaults())) {
                assertThat(clients.vertx()).isSameAs(own);
                assertThat(clients.forUser(sim.pbxUrl(), AccessToken.of(token)).whoAmI().user()).isPresent();
            }
            try (DaktelaClients again = DaktelaClients.create(own, DaktelaClientOptions.defaults())) {
                assertThat(again.forUser(sim.pbxUrl(), AccessToken.of(token)).whoAmI().user()).isPresent();
            }
        } finally {
            own.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
