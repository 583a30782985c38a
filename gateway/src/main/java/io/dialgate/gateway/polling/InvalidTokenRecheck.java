package io.dialgate.gateway.polling;

import io.dialgate.client.DaktelaException;
import io.dialgate.client.WhoAmI;
import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SecretCipher;
import io.dialgate.gateway.database.DatabaseAvailability;
import io.dialgate.gateway.pbx.PbxClients;
import io.dialgate.gateway.user.UserChanged;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Asks the PBX again, now and then, about tokens marked invalid. A PBX can refuse a good token for a
 * while (a restart, a restore, a proxy in front of it answering 401); such a token heals by itself: when
 * {@code whoim} accepts it again, the user is marked valid and polling resumes. A token the PBX really
 * revoked stays invalid, at the cost of one cheap request per user per interval.
 */
@ApplicationScoped
public class InvalidTokenRecheck {

    private static final Logger LOG = Logger.getLogger(InvalidTokenRecheck.class);
    private static final int BATCH = 500;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);

    private final EntityManager em;
    private final SecretCipher cipher;
    private final PbxClients clients;
    private final Event<UserChanged> changes;
    private final DatabaseAvailability database;
    private final PollingConfig config;

    public InvalidTokenRecheck(EntityManager em, SecretCipher cipher, PbxClients clients, Event<UserChanged> changes,
            DatabaseAvailability database, PollingConfig config) {
        this.em = em;
        this.cipher = cipher;
        this.clients = clients;
        this.changes = changes;
        this.database = database;
        this.config = config;
    }

    @Scheduled(every = "${dialgate.polling.invalid-token-recheck}", delayed = "${dialgate.polling.invalid-token-recheck}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.enabled() || database.isDown()) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            if (!database.absorb(e)) {
                LOG.warnf(e, "Re-checking invalid tokens failed; trying again in %s", config.invalidTokenRecheck());
            }
        }
    }

    /** Checks one batch of monitored users whose token is marked invalid; returns how many became valid again. */
    @SuppressWarnings("unchecked")
    public int runOnce() {
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT u.id, u.tenant_id, u.version, h.base_url, u.token_key_id, u.token_ciphertext
                FROM pbx_user u JOIN pbx_host h ON h.id = u.pbx_host_id JOIN tenant t ON t.id = u.tenant_id
                WHERE u.token_status = 'invalid' AND u.monitored AND NOT t.suspended
                ORDER BY u.updated_at LIMIT ?1""").setParameter(1, BATCH).getResultList());
        int healed = 0;
        for (Object[] r : rows) {
            String userId = (String) r[0];
            String tenantId = (String) r[1];
            long version = ((Number) r[2]).longValue();
            String token = cipher.open(new Sealed((String) r[4], (byte[]) r[5]), userId);
            if (acceptedNow((String) r[3], token) && markValid(tenantId, userId, version)) {
                healed++;
                LOG.infof("The PBX accepts the token of user %s again; marked valid, polling resumes", userId);
            }
        }
        return healed;
    }

    private boolean acceptedNow(String baseUrl, String token) {
        try {
            WhoAmI whoAmI = clients.forUser(baseUrl, token).whoAmIAsync().await().atMost(ANSWER_WAIT);
            return whoAmI.user().isPresent();
        } catch (DaktelaException | io.smallrye.mutiny.TimeoutException refusedOrDown) {
            return false;
        }
    }

    private boolean markValid(String tenantId, String userId, long version) {
        int updated = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                UPDATE pbx_user SET token_status = 'valid', updated_at = now(), version = version + 1
                WHERE id = ?1 AND tenant_id = ?2 AND token_status = 'invalid' AND version = ?3""")
                .setParameter(1, userId).setParameter(2, tenantId).setParameter(3, version).executeUpdate());
        if (updated == 1) {
            changes.fire(new UserChanged(tenantId, userId));
        }
        return updated == 1;
    }
}
