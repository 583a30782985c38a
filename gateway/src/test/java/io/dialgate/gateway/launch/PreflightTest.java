package io.dialgate.gateway.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreflightTest {

    @Test
    void shouldRefuseAnOccupiedPortWithAOneLineFix() throws IOException {
        try (ServerSocket busy = new ServerSocket(0)) {
            assertThatThrownBy(() -> Preflight.checkPortFree("0.0.0.0", busy.getLocalPort(), "QUARKUS_HTTP_PORT"))
                    .isInstanceOf(LaunchProblem.class)
                    .hasMessageContaining("port " + busy.getLocalPort())
                    .hasMessageContaining("QUARKUS_HTTP_PORT")
                    .hasNoCause();
        }
    }

    @Test
    void shouldRefuseAnOccupiedManagementPortInProduction() throws IOException {
        try (ServerSocket busy = new ServerSocket(0)) {
            LaunchSettings settings = new LaunchSettings(Optional.empty(), "u", "", true, Path.of("data"), "127.0.0.1", 0,
                    "0.0.0.0", busy.getLocalPort(), true, Optional.empty(), true);
            assertThatThrownBy(() -> Preflight.prepare(settings)).isInstanceOf(LaunchProblem.class)
                    .hasMessageContaining("port " + busy.getLocalPort())
                    .hasMessageContaining("QUARKUS_MANAGEMENT_PORT");
        }
    }

    @Test
    void shouldRefuseAnUnreachableDatabaseWithoutLeakingThePassword() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        LaunchSettings settings = new LaunchSettings(
                Optional.of("jdbc:postgresql://127.0.0.1:" + closedPort + "/dialgate?password=hunter2"),
                "dialgate", "s3cret", true, Path.of("data"), "127.0.0.1", 0, "127.0.0.1", 0, true, Optional.empty(), true);
        assertThatThrownBy(() -> Preflight.prepare(settings))
                .isInstanceOf(LaunchProblem.class)
                .hasMessageContaining("cannot connect to the database at jdbc:postgresql://127.0.0.1:" + closedPort + "/dialgate")
                .hasMessageContaining("DIALGATE_DB_URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("s3cret").doesNotContain("\n"));
    }

    @Test
    void shouldRefuseANonPostgresUrl() {
        LaunchSettings settings = new LaunchSettings(Optional.of("jdbc:mysql://localhost/x"), "u", "p", true,
                Path.of("data"), "127.0.0.1", 0, "127.0.0.1", 0, true, Optional.empty(), true);
        assertThatThrownBy(() -> Preflight.prepare(settings)).hasMessageContaining("not a PostgreSQL JDBC URL");
    }

    @Test
    void shouldRefuseAnUnwritableDataDirectory() throws IOException {
        Path parent = Files.createTempDirectory("dialgate-ro");
        Path file = Files.createFile(parent.resolve("not-a-directory"));
        assertThatThrownBy(() -> Preflight.checkWritable(file.resolve("postgres")))
                .isInstanceOf(LaunchProblem.class)
                .hasMessageContaining("is not writable")
                .hasMessageContaining("DIALGATE_DATA_DIR");
    }

    @Test
    void shouldRefuseToRunWithoutADatabaseWhenEmbeddedIsDisallowed() {
        LaunchSettings settings = new LaunchSettings(Optional.empty(), "u", "", false, Path.of("data"), "127.0.0.1", 0, "127.0.0.1", 0, true, Optional.empty(), true);
        assertThatThrownBy(() -> Preflight.prepare(settings)).hasMessageContaining("no database configured");
    }

    @Test
    void shouldRefuseToStartWithoutACryptoKey() {
        LaunchSettings settings = new LaunchSettings(Optional.empty(), "u", "", true, Path.of("data"), "127.0.0.1", 0, "127.0.0.1", 0, false, Optional.empty(), true);
        assertThatThrownBy(() -> Preflight.prepare(settings)).isInstanceOf(LaunchProblem.class)
                .hasMessageContaining("DIALGATE_CRYPTO_KEYS is not set");
    }

    @Test
    void shouldRefuseAShortOperatorTokenInProductionWithOneLineSayingWhatToSet() {
        LaunchSettings settings = new LaunchSettings(Optional.empty(), "u", "", true, Path.of("data"), "127.0.0.1", 0, "127.0.0.1", 0, true,
                Optional.of("x".repeat(31)), true);
        assertThatThrownBy(() -> Preflight.prepare(settings)).isInstanceOf(LaunchProblem.class)
                .hasMessageContaining("DIALGATE_ADMIN_TOKEN has 31 characters; set it to at least 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("xxx").doesNotContain("\n"));
    }

    @Test
    void shouldAcceptALongOperatorTokenOrNoneInProductionAndAShortOneInDevAndTest() {
        for (LaunchSettings accepted : List.of(
                new LaunchSettings(Optional.empty(), "u", "", true, Path.of("data"), "127.0.0.1", 0, "127.0.0.1", 0, true, Optional.of("x".repeat(32)), true),
                new LaunchSettings(Optional.empty(), "u", "", true, Path.of("data"), "127.0.0.1", 0, "127.0.0.1", 0, true, Optional.empty(), true),
                new LaunchSettings(Optional.empty(), "u", "", true, Path.of("data"), "127.0.0.1", 0, "127.0.0.1", 0, true, Optional.of("dev-operator-token"), false))) {
            Preflight.checkAdminToken(accepted);
        }
    }

    @Test
    void shouldRedactCredentialsInJdbcUrls() {
        assertThat(Preflight.redact("jdbc:postgresql://bob:pw@db:5432/x?password=pw&ssl=true"))
                .isEqualTo("jdbc:postgresql://***@db:5432/x");
    }

    @Test
    void shouldKeepDataAcrossRestartsOfTheEmbeddedDatabase() throws Exception {
        Path dir = Files.createTempDirectory("dialgate-persist").resolve("postgres");
        EmbeddedDatabase first = EmbeddedDatabase.start(dir);
        try (var c = java.sql.DriverManager.getConnection(first.jdbcUrl(), EmbeddedDatabase.USER, first.password());
             var s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
        } finally {
            first.stop();
        }
        EmbeddedDatabase second = EmbeddedDatabase.start(dir);
        try (var c = java.sql.DriverManager.getConnection(second.jdbcUrl(), EmbeddedDatabase.USER, second.password());
             var rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        } finally {
            second.stop();
        }
    }
}
