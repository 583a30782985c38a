package io.dialgate.gateway.crypto;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.gateway.SimulatorResource;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.support.Api;
import io.dialgate.gateway.support.PbxFixture;
import io.dialgate.gateway.webhook.WebhookReceiver;
import io.dialgate.gateway.webhook.WebhookSigner;
import io.dialgate.gateway.webhook.WebhookTestSupport;
import io.dialgate.gateway.webhook.dispatch.WebhookDispatcher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Key rotation as docs/operations.md tells an operator to do it: every kind of sealed secret starts on the
 * old key, the re-encrypt command moves all of them to the new key, and then a ring without the old key opens
 * every secret in the schema while tokens, webhook signatures (current and overlapping previous secret) and
 * action-hook signatures keep working. The test ring is {@code t2} (active) and {@code t1} (the old key).
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(SimulatorResource.class)
class KeyRotationTest {

    private static final String NEW_KEY_ONLY = "t2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String OLD_KEY_ONLY = "t1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    @Inject
    SecretCipher appCipher;

    @Inject
    EntityManager em;

    @Inject
    EventService events;

    @Inject
    WebhookDispatcher dispatcher;

    /** A sealed column pair of the schema: found from the catalogue, so a new kind of secret is covered unasked. */
    record SealedColumn(String table, String keyIdColumn, String ciphertextColumn) {
    }

    @Test
    void shouldMoveEverySecretOffTheOldKeySoTheOldKeyCanLeaveTheRing() throws Exception {
        PbxFixture f = PbxFixture.create();
        String userId = f.registerAgent();
        // Registered with a password: the PBX issued a token pair, and the refresh token is sealed too.
        String bossId = f.tenant.request().body(Map.of("pbxHostId", f.hostId, "login", "boss", "password", "boss-pw", "monitored", false))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        Map<String, Object> hook = f.tenant.request().body(Map.of("userId", userId, "description", "CRM"))
                .post("/v1/action-hooks").then().statusCode(201).extract().as(Map.class);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, Object> endpoint = f.tenant.request().body(Map.of("url", receiver.url(), "description", "crm"))
                    .post("/v1/webhooks").then().statusCode(201).extract().as(Map.class);
            String endpointId = (String) endpoint.get("id");
            String previousSecret = (String) endpoint.get("secret");
            String currentSecret = f.tenant.request().post("/v1/webhooks/" + endpointId + "/rotate-secret")
                    .then().statusCode(200).extract().path("secret");

            List<SealedColumn> columns = sealedColumns();
            assertThat(columns).extracting(SealedColumn::table)
                    .contains("pbx_user", "action_hook", "webhook_endpoint");
            assertThat(columns).contains(new SealedColumn("pbx_user", "refresh_key_id", "refresh_ciphertext"));
            int moved = resealEverything(columns, cipher(OLD_KEY_ONLY));
            assertThat(moved).isGreaterThanOrEqualTo(6);

            Map<String, Object> before = Api.operator().get("/admin/crypto/status").then().statusCode(200)
                    .body("activeKeyId", equalTo("t2")).extract().as(Map.class);
            Map<String, Integer> byKind = (Map<String, Integer>) before.get("byKind");
            assertThat(byKind).containsOnlyKeys("actionHookSecrets", "userTokens", "webhookSecrets");
            assertThat(byKind.get("userTokens")).isGreaterThanOrEqualTo(3); // two access tokens and a refresh token
            assertThat(byKind.get("actionHookSecrets")).isPositive();
            assertThat(byKind.get("webhookSecrets")).isGreaterThanOrEqualTo(2); // current and previous
            assertThat(((Number) before.get("sealedWithOtherKeys")).longValue()).isEqualTo(moved);

            Map<String, Object> report = Api.operator().post("/admin/crypto/re-encrypt").then().statusCode(200)
                    .body("remaining", equalTo(0)).extract().as(Map.class);
            assertThat((Map<String, Integer>) report.get("resealed")).containsOnlyKeys(byKind.keySet());
            Api.operator().get("/admin/crypto/status").then().statusCode(200).body("sealedWithOtherKeys", equalTo(0));

            // A ring without the old key opens every secret of the schema.
            SecretCipher newKeyOnly = cipher(NEW_KEY_ONLY);
            assertThat(openAll(columns, newKeyOnly)).isEqualTo(countSealed(columns));

            // And the running gateway still uses each of them.
            f.tenant.request().body(Map.of("penalty", 1)).put("/v1/users/" + userId + "/queues/2000").then().statusCode(200);
            f.tenant.request().body(Map.of("penalty", 1)).put("/v1/users/" + bossId + "/queues/2000").then().statusCode(200);
            WebhookTestSupport.append(events, f.tenant.id(), WebhookTestSupport.newUserId(), EventType.QUEUE_LOGIN);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
                dispatcher.runOnce();
                return !receiver.received().isEmpty();
            });
            WebhookReceiver.Received got = receiver.received().get(0);
            for (String secret : List.of(currentSecret, previousSecret)) {
                assertThat(WebhookSigner.verify(secret, got.header("webhook-id"), got.header("webhook-timestamp"),
                        got.header("webhook-signature"), got.body(), Instant.now(), Duration.ofMinutes(5)))
                        .isEqualTo(WebhookSigner.Verdict.VALID);
            }
            long now = Instant.now().getEpochSecond();
            String body = "{\"action\":\"pause.start\",\"pause\":\"lunch\"}";
            given().header("webhook-id", "msg_rot").header("webhook-timestamp", Long.toString(now))
                    .header("webhook-signature", WebhookSigner.sign((String) hook.get("secret"), "msg_rot", now, body))
                    .contentType("application/json").body(body).post(URI.create((String) hook.get("url")).getPath())
                    .then().statusCode(200);
        }
    }

    private List<SealedColumn> sealedColumns() {
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select k.table_name, k.column_name, c.column_name from information_schema.columns k"
                        + " join information_schema.columns c on c.table_schema = k.table_schema and c.table_name = k.table_name"
                        + " and c.column_name = replace(k.column_name, '_key_id', '_ciphertext')"
                        + " where k.table_schema = current_schema() and k.column_name like '%\\_key\\_id'").getResultList());
        return rows.stream().map(r -> new SealedColumn((String) r[0], (String) r[1], (String) r[2])).toList();
    }

    /** Re-seals every secret of every sealed column with the given ring's key, as if it had been written long ago. */
    private int resealEverything(List<SealedColumn> columns, SecretCipher target) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int moved = 0;
            for (SealedColumn column : columns) {
                for (Object[] row : rows(column)) {
                    String id = (String) row[0];
                    Sealed resealed = target.seal(appCipher.open(new Sealed((String) row[1], (byte[]) row[2]), id), id);
                    moved += em.createNativeQuery("update " + column.table() + " set " + column.keyIdColumn() + " = ?1, "
                                    + column.ciphertextColumn() + " = ?2 where id = ?3")
                            .setParameter(1, resealed.keyId()).setParameter(2, resealed.ciphertext()).setParameter(3, id)
                            .executeUpdate();
                }
            }
            return moved;
        });
    }

    private int openAll(List<SealedColumn> columns, SecretCipher ring) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int opened = 0;
            for (SealedColumn column : columns) {
                for (Object[] row : rows(column)) {
                    ring.open(new Sealed((String) row[1], (byte[]) row[2]), (String) row[0]);
                    opened++;
                }
            }
            return opened;
        });
    }

    private int countSealed(List<SealedColumn> columns) {
        return QuarkusTransaction.requiringNew().call(() -> columns.stream().mapToInt(c -> rows(c).size()).sum());
    }

    private List<Object[]> rows(SealedColumn column) {
        return new ArrayList<>(em.createNativeQuery("select id, " + column.keyIdColumn() + ", " + column.ciphertextColumn()
                + " from " + column.table() + " where " + column.keyIdColumn() + " is not null").getResultList());
    }

    private static SecretCipher cipher(String ring) {
        CryptoConfig config = new CryptoConfig() {
            @Override
            public Optional<String> keys() {
                return Optional.of(ring);
            }

            @Override
            public Optional<String> activeKey() {
                return Optional.empty();
            }

            @Override
            public boolean allowGeneratedKey() {
                return false;
            }

            @Override
            public int rotationBatchSize() {
                return 200;
            }
        };
        return new SecretCipher(new KeyRing(config, LaunchMode.TEST));
    }
}
