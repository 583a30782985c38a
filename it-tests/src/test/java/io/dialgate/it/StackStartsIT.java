package io.dialgate.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.testsupport.AppProcess;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged apps start on a bare machine: no Docker, no installed PostgreSQL. */
class StackStartsIT {

    /** The packaged gateway runs in production mode, where the operator token must have 32 characters or more. */
    static final String OPERATOR = "it-operator-token-of-at-least-32-chars";
    static final Map<String, String> GATEWAY_ENV = Map.of(
            "DIALGATE_CRYPTO_KEYS", "it:" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
            "DIALGATE_ADMIN_TOKEN", OPERATOR);

    @Test
    void shouldStartSimulatorAndGatewayWithEmbeddedDatabaseHealthy() throws Exception {
        try (AppProcess simulator = AppProcess.simulator(Map.of());
             AppProcess gateway = AppProcess.gateway(GATEWAY_ENV)) {
            given().baseUri(simulator.baseUrl()).get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
            given().baseUri(gateway.managementUrl()).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'Database' }.data.reachable", equalTo(true));
            assertThat(Files.readString(gateway.log())).contains("Dialgate gateway ready at http://127.0.0.1:" + gateway.port());
            assertThat(Files.readString(simulator.log())).contains("Dialgate simulator ready at http://127.0.0.1:" + simulator.port());
        }
    }

    @Test
    void shouldKeepGatewayDataAcrossARestart() throws Exception {
        // Two starts on one data directory: the second finds the schema Flyway created in the first.
        java.nio.file.Path dataDir = Files.createTempDirectory("dialgate-restart");
        Map<String, String> env = new java.util.HashMap<>(GATEWAY_ENV);
        env.put("DIALGATE_DATA_DIR", dataDir.toString());
        AppProcess first = AppProcess.gateway(env);
        try (first) {
            assertThat(first.isAlive()).isTrue();
        }
        // SIGTERM: the leases are released before the embedded database stops, not after.
        assertThat(Files.readString(first.log())).contains("stopped polling and released")
                .doesNotContain("Could not release poll leases");
        try (AppProcess second = AppProcess.gateway(env)) {
            String log = Files.readString(second.log());
            assertThat(log).contains("is up to date. No migration necessary");
        }
    }

    @Test
    void shouldStartAfterKill9ByStoppingThePostgresTheDeadGatewayLeftRunning() throws Exception {
        java.nio.file.Path dataDir = Files.createTempDirectory("dialgate-kill9");
        Map<String, String> env = new java.util.HashMap<>(GATEWAY_ENV);
        env.put("DIALGATE_DATA_DIR", dataDir.toString());
        AppProcess first = AppProcess.gateway(env);
        given().baseUri(first.baseUrl()).header("Authorization", "Bearer " + OPERATOR).contentType("application/json")
                .body(Map.of("name", "survives-kill-9")).post("/admin/tenants").then().statusCode(201);
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        first.kill();
        // The precondition the fix is for: the dead gateway's PostgreSQL lives on, re-parented.
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);

        try (AppProcess second = AppProcess.gateway(env)) {
            assertThat(Files.readString(second.log()))
                    .containsOnlyOnce("stopped PostgreSQL (pid " + postmaster + ") left running in");
            given().baseUri(second.baseUrl()).header("Authorization", "Bearer " + OPERATOR).get("/admin/tenants")
                    .then().statusCode(200).body("data.name", org.hamcrest.Matchers.hasItem("survives-kill-9"));
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void shouldRefuseASecondLiveGatewayOnTheSameDataDirectory() throws Exception {
        java.nio.file.Path dataDir = Files.createTempDirectory("dialgate-twice");
        Map<String, String> env = new java.util.HashMap<>(GATEWAY_ENV);
        env.put("DIALGATE_DATA_DIR", dataDir.toString());
        try (AppProcess first = AppProcess.gateway(env)) {
            Process second = startGatewayExpectingItToStop(env);
            String output = new String(second.getInputStream().readAllBytes());
            assertThat(second.waitFor()).isEqualTo(2);
            assertThat(output).contains("is in use by another running gateway");
            given().baseUri(first.managementUrl()).get("/q/health/ready").then().statusCode(200);
        }
    }

    @Test
    void shouldStopWithOneClearLineWhenTheDatabaseUrlIsWrong() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(GATEWAY_ENV);
        env.put("DIALGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
        Process process = startGatewayExpectingItToStop(env);
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(2);
        assertThat(output.strip().lines()).hasSize(1);
        assertThat(output).contains("cannot connect to the database at jdbc:postgresql://127.0.0.1:1/nowhere");
    }

    @Test
    void shouldStopWithOneClearLineWhenTheOperatorTokenIsShort() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(GATEWAY_ENV);
        env.put("DIALGATE_ADMIN_TOKEN", "short-operator-token");
        Process process = startGatewayExpectingItToStop(env);
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(2);
        assertThat(output.strip().lines()).hasSize(1);
        assertThat(output).contains("DIALGATE_ADMIN_TOKEN has 20 characters; set it to at least 32").doesNotContain("short-operator-token");
    }

    /** Starts the packaged gateway as a bare process (no health wait): for starts that must fail with one line. */
    private static Process startGatewayExpectingItToStop(Map<String, String> env) throws java.io.IOException {
        ProcessBuilder builder = new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("dialgate.gateway.jar"))
                .redirectErrorStream(true);
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", "0");
        builder.environment().putAll(env);
        return builder.start();
    }
}
