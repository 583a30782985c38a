package io.dialgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plaintext tokens, passwords and hook secrets appear in no table, no log line and no response. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class SecretLeakTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldKeepTokensOutOfTheDatabaseLogsAndResponses() throws Exception {
        PbxFixture f = PbxFixture.create();
        String token = "leakcheck-" + UUID.randomUUID();
        String password = "pw-" + UUID.randomUUID();
        f.pbx.addUser("leaky", password, token, List.of());
        List<String> responses = new ArrayList<>();
        String userId = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "leaky", "accessToken", token))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        responses.add(f.tenant.request().get("/v1/users/" + userId).asString());
        responses.add(f.tenant.request().get("/v1/users").asString());
        responses.add(f.tenant.request().put("/v1/users/" + userId + "/queues/2000").asString());
        responses.add(f.tenant.request().get("/v1/users/" + userId + "/state").asString());
        responses.add(f.tenant.request().body(Map.of("password", password)).patch("/v1/users/" + userId).asString());
        responses.add(f.tenant.request().body(Map.of("accessToken", token + "-wrong")).patch("/v1/users/" + userId).asString());
        f.pbx.setToken("leaky", null);
        responses.add(f.tenant.request().put("/v1/users/" + userId + "/queues/2000").asString());
        var hook = f.tenant.request().body(Map.of("userId", userId)).post("/v1/action-hooks").then().statusCode(201).extract();
        String hookSecret = hook.path("secret");
        responses.add(f.tenant.request().get("/v1/action-hooks").asString());

        String database = dumpDatabase();
        assertThat(database).doesNotContain(token).doesNotContain(password).doesNotContain(hookSecret.substring(6));
        assertThat(String.join("\n", responses)).doesNotContain(token).doesNotContain(password).doesNotContain(hookSecret);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertThat(log).contains(userId).doesNotContain(token).doesNotContain(password).doesNotContain(hookSecret.substring(6));
    }

    private String dumpDatabase() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (rs.next()) {
                        all.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }
}
