package io.dialgate.gateway.polling;

import io.dialgate.gateway.common.CustomPlans;
import io.dialgate.gateway.user.UserTokenSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads what poll loops need about their users, across tenants, in one query per tick. */
@ApplicationScoped
public class PollTargets {

    private final EntityManager em;
    private final UserTokenSessions sessions;

    public PollTargets(EntityManager em, UserTokenSessions sessions) {
        this.em = em;
        this.sessions = sessions;
    }

    /** A target and its stored tokens in clear; the tokens never appear in {@code toString}. */
    public record Loaded(PollTarget target, UserTokenSessions.Stored tokens) {
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
                SELECT u.id, u.tenant_id, u.pbx_host_id, h.base_url, u.version, s.hash, u.token_key_id, u.token_ciphertext,
                       u.refresh_key_id, u.refresh_ciphertext, u.token_expires_at
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
            loaded.put(id, new Loaded(target, sessions.open(id, target.version(), target.baseUrl(), (String) r[6], (byte[]) r[7],
                    (String) r[8], (byte[]) r[9], r[10])));
        }
        return loaded;
    }

    /**
     * The token to make the loop's client with: an expiring token's session is resumed from the stored pair when
     * this process does not know it (after a restart, or for a user whose lease it just took over). Outside any
     * transaction, as it reaches the PBX client.
     */
    public String usableToken(Loaded loaded) {
        return sessions.usableToken(loaded.tokens());
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

    /** Of the users checked, those polled with an old version ({@code changed}) and those no longer pollable ({@code gone}). */
    public record VersionCheck(Set<String> changed, Set<String> gone) {
    }

    /**
     * Compares the versions the loops poll with ({@code userIds[i]} at {@code versions[i]}) with the stored ones.
     * Only differences come back, usually none: reading every version of every polled user each pass cost more
     * than the comparison.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public VersionCheck checkVersionsAcrossTenants(String[] userIds, Long[] versions) {
        if (userIds.length == 0) {
            return new VersionCheck(Set.of(), Set.of());
        }
        CustomPlans.forCurrentTransaction(em);
        List<Object[]> rows = em.createNativeQuery("""
                SELECT a.id, u.id IS NOT NULL FROM unnest(CAST(?1 AS text[]), CAST(?2 AS bigint[])) AS a(id, version)
                LEFT JOIN (pbx_user u JOIN tenant t ON t.id = u.tenant_id AND NOT t.suspended)
                  ON u.id = a.id AND u.monitored AND u.token_status = 'valid'
                WHERE u.id IS NULL OR u.version <> a.version""")
                .setParameter(1, userIds).setParameter(2, versions).getResultList();
        Set<String> changed = new HashSet<>();
        Set<String> gone = new HashSet<>();
        for (Object[] r : rows) {
            (Boolean.TRUE.equals(r[1]) ? changed : gone).add((String) r[0]);
        }
        return new VersionCheck(changed, gone);
    }
}
