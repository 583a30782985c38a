package io.dialgate.gateway.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.dialgate.client.AccessToken;
import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SecretCipher;
import io.dialgate.gateway.pbx.PbxClients;
import io.dialgate.gateway.support.LogCapture;
import io.dialgate.gateway.support.PbxFixture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * A user registered with a password on a PBX whose tokens expire: the gateway stores the token pair, resumes the
 * session from it when this process does not know it (as after a restart), stores every renewal, and drops the
 * refresh token when the user's token is replaced.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class ExpiringUserTokenTest {

    @Inject
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    PbxClients clients;

    /** The user's row, opened. */
    record Row(String access, Optional<String> refresh, Instant expiresAt, long version) {
    }

    @Test
    void shouldResumeFromTheStoredPairAndStoreEachRenewal() {
        PbxFixture f = PbxFixture.create();
        given().baseUri(SimulatorResource.url()).contentType("application/json")
                .body(Map.of("name", f.pbx.name(), "tokenLifetimeSeconds", 2)).post("/_sim/instances").then().statusCode(200);
        try (LogCapture logs = LogCapture.start()) {
            String userId = f.tenant.request()
                    .body(Map.of("pbxHostId", f.hostId, "login", "agent", "password", "agent-pw", "monitored", false))
                    .post("/v1/users").then().statusCode(201)
                    .body("$", not(hasKey("accessToken"))).body("$", not(hasKey("refreshToken"))).extract().path("id");
            Row registered = row(userId);
            assertThat(registered.refresh()).isPresent();
            assertThat(registered.expiresAt()).isAfter(Instant.now().minusSeconds(1)).isBefore(Instant.now().plusSeconds(5));

            // As after a restart: this process forgets the session, only the row knows it.
            assertThat(clients.login(f.pbx.pbxUrl()).forget(AccessToken.of(registered.access()))).isTrue();
            await().pollDelay(Duration.ofMillis(2300)).atMost(Duration.ofSeconds(10)).until(() -> true);

            // An agent operation past the expiry resumes the session from the row and renews it.
            f.tenant.request().body(Map.of("penalty", 0)).put("/v1/users/" + userId + "/queues/2000").then().statusCode(200);
            await("renewal stored").atMost(Duration.ofSeconds(10)).until(() -> !row(userId).access().equals(registered.access()));
            Row renewed = row(userId);
            assertThat(renewed.refresh()).isPresent().isNotEqualTo(registered.refresh());
            assertThat(renewed.expiresAt()).isAfter(registered.expiresAt());
            assertThat(renewed.version()).as("a renewal does not restart the poll loop").isEqualTo(registered.version());
            // The stored pair is the live one: a process that knows nothing resumes from it.
            assertThat(clients.login(f.pbx.pbxUrl()).forget(AccessToken.of(renewed.access()))).isTrue();
            // Once the acting-users cache (5 s) let go of the client it made, and past the renewed token's expiry.
            await().pollDelay(Duration.ofMillis(5500)).atMost(Duration.ofSeconds(10)).until(() -> true);
            f.tenant.request().body(Map.of("penalty", 0)).put("/v1/users/" + userId + "/queues/1000").then().statusCode(200);
            f.tenant.request().get("/v1/users/" + userId).then().statusCode(200).body("tokenStatus", equalTo("valid"))
                    .body("$", not(hasKey("refreshToken")));

            // A token given as it is replaces the pair: no refresh token, no expiry.
            f.tenant.request().body(Map.of("accessToken", f.agentToken)).patch("/v1/users/" + userId).then().statusCode(200);
            Row replaced = row(userId);
            assertThat(replaced.access()).isEqualTo(f.agentToken);
            assertThat(replaced.refresh()).isEmpty();
            assertThat(replaced.expiresAt()).isNull();

            Row last = renewed;
            assertThat(logs.atLeast(Level.ALL)).extracting(ExpiringUserTokenTest::text).noneMatch(message -> message != null
                    && (message.contains(registered.refresh().get()) || message.contains(last.refresh().get())
                    || message.contains(registered.access()) || message.contains(last.access())));
        }
    }

    private static String text(LogRecord record) {
        return record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }

    private Row row(String userId) {
        Object[] r = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                SELECT token_key_id, token_ciphertext, refresh_key_id, refresh_ciphertext, token_expires_at, version
                FROM pbx_user WHERE id = ?1""").setParameter(1, userId).getSingleResult());
        String access = cipher.open(new Sealed((String) r[0], (byte[]) r[1]), userId);
        Optional<String> refresh = r[2] == null ? Optional.empty() : Optional.of(cipher.open(new Sealed((String) r[2], (byte[]) r[3]), userId));
        Instant expires = r[4] == null ? null : r[4] instanceof Instant i ? i : ((java.time.OffsetDateTime) r[4]).toInstant();
        return new Row(access, refresh, expires, ((Number) r[5]).longValue());
    }
}
