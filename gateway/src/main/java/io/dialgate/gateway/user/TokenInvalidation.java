package io.dialgate.gateway.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records that the PBX refused a user's token (401): the user is marked invalid, which stops its
 * poll loop and its operations, and {@link TokenInvalidated} is fired once, however many requests saw the
 * 401 (the conditional update decides), so the user's event stream gets {@code user.token_invalid} in the
 * same transaction.
 */
@ApplicationScoped
public class TokenInvalidation {

    private static final Logger LOG = Logger.getLogger(TokenInvalidation.class);

    private final EntityManager em;
    private final Event<UserChanged> changes;
    private final Event<TokenInvalidated> invalidations;

    public TokenInvalidation(EntityManager em, Event<UserChanged> changes, Event<TokenInvalidated> invalidations) {
        this.changes = changes;
        this.em = em;
        this.invalidations = invalidations;
    }

    /**
     * Returns true when this call changed the status (and emitted the event). {@code tokenVersion} is
     * the user version the refused token was read at: a 401 for a token that has since been
     * replaced must not condemn the new one.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public boolean markInvalid(String tenantId, String userId, long tokenVersion, String where) {
        List<Object[]> changed = em.createNativeQuery("""
                UPDATE pbx_user SET token_status = 'invalid', updated_at = now(), version = version + 1
                WHERE id = ?1 AND tenant_id = ?2 AND token_status = 'valid' AND version = ?3
                RETURNING login, pbx_host_id""")
                .setParameter(1, userId).setParameter(2, tenantId).setParameter(3, tokenVersion).getResultList();
        if (changed.isEmpty()) {
            return false;
        }
        changes.fire(new UserChanged(tenantId, userId));
        String login = (String) changed.get(0)[0];
        String hostId = (String) changed.get(0)[1];
        invalidations.fire(new TokenInvalidated(tenantId, userId, hostId, login, where));
        LOG.warnf("The PBX refused the access token of user %s during %s; marked invalid until replaced", userId, where);
        return true;
    }
}
