package io.dialgate.gateway.polling;

import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what poll loops need about their users, across tenants, in one query per tick. */
@ApplicationScoped
public class PollTargets {

    private final EntityManager em;
    private final SecretCipher cipher;

    public PollTargets(EntityManager em, SecretCipher cipher) {
        this.em = em;
        this.cipher = cipher;
    }

    /** A target and its token in clear; the token never appears in {@code toString}. */
    public record Loaded(PollTarget target, String accessToken) {
        @Override
        public String toString() {
            return "Loaded[" + target + "]";
        }
    }

    /** The pollable users among {@code userIds} (monitored, token valid, tenant active), with their tokens. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, Loaded> loadPollableAcrossTenants(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = em.createNativeQuery("""
                SELECT u.id, u.tenant_id, u.pbx_host_id, h.base_url, u.version, s.hash, u.token_key_id, u.token_ciphertext
                FROM pbx_user u
                JOIN pbx_host h ON h.id = u.pbx_host_id
                JOIN tenant t ON t.id = u.tenant_id
                LEFT JOIN user_state s ON s.user_id = u.id
                WHERE u.id = ANY(?1) AND u.monitored AND u.token_status = 'valid' AND NOT t.suspended""")
                .setParameter(1, userIds.toArray(String[]::new)).getResultList();
        Map<String, Loaded> loaded = new HashMap<>();
        for (Object[] r : rows) {
            String id = (String) r[0];
            PollTarget target = new PollTarget(id, (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).longValue(),
                    (String) r[5]);
            loaded.put(id, new Loaded(target, cipher.open(new Sealed((String) r[6], (byte[]) r[7]), id)));
        }
        return loaded;
    }

    /** Current versions of the pollable users among {@code userIds}; a missing id is no longer pollable. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, Long> pollableVersionsAcrossTenants(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = em.createNativeQuery("""
                SELECT u.id, u.version FROM pbx_user u JOIN tenant t ON t.id = u.tenant_id
                WHERE u.id = ANY(?1) AND u.monitored AND u.token_status = 'valid' AND NOT t.suspended""")
                .setParameter(1, userIds.toArray(String[]::new)).getResultList();
        Map<String, Long> versions = new HashMap<>();
        for (Object[] r : rows) {
            versions.put((String) r[0], ((Number) r[1]).longValue());
        }
        return versions;
    }
}
