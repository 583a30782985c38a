package io.dialgate.gateway.crypto;

import io.dialgate.gateway.actionhook.ActionHook;
import io.dialgate.gateway.user.PbxUser;
import io.dialgate.gateway.user.UserChanged;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Re-encrypts every sealed secret with the active key, one short transaction per batch, so the
 * gateway keeps serving while it runs and a crash loses at most one batch of work (which the next
 * run redoes). Run it after putting a new key first in {@code DIALGATE_CRYPTO_KEYS}; once it reports
 * nothing left, the old key can leave the ring.
 */
@ApplicationScoped
public class SecretRotationService {

    private static final Logger LOG = Logger.getLogger(SecretRotationService.class);

    private final EntityManager em;
    private final SecretCipher cipher;
    private final CryptoConfig config;
    private final Event<UserChanged> changes;

    public SecretRotationService(EntityManager em, SecretCipher cipher, CryptoConfig config, Event<UserChanged> changes) {
        this.changes = changes;
        this.em = em;
        this.cipher = cipher;
        this.config = config;
    }

    /** How many secrets were re-sealed, and how many still use another key (0 when done). */
    public record RotationReport(String activeKeyId, int usersResealed, int hooksResealed, long remaining) {
    }

    public RotationReport rotateAll() {
        int users = 0;
        int hooks = 0;
        int batch;
        do {
            batch = rotateUserBatch();
            users += batch;
            if (batch > 0) {
                LOG.infof("Key rotation: re-encrypted %d user tokens so far", users);
            }
        } while (batch > 0);
        do {
            batch = rotateHookBatch();
            hooks += batch;
        } while (batch > 0);
        long remaining = remaining();
        LOG.infof("Key rotation done: %d user tokens and %d action-hook secrets now sealed with key %s; %d left",
                users, hooks, cipher.activeKeyId(), remaining);
        return new RotationReport(cipher.activeKeyId(), users, hooks, remaining);
    }

    /** The id of the key new secrets are sealed with. */
    public String activeKeyId() {
        return cipher.activeKeyId();
    }

    /** Secrets of any tenant still sealed with a key other than the active one. */
    @Transactional
    public long remaining() {
        return em.createQuery("select count(u) from PbxUser u where u.tokenKeyId <> :k", Long.class)
                .setParameter("k", cipher.activeKeyId()).getSingleResult()
                + em.createQuery("select count(h) from ActionHook h where h.secretKeyId <> :k", Long.class)
                .setParameter("k", cipher.activeKeyId()).getSingleResult();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int rotateUserBatch() {
        List<PbxUser> stale = em.createQuery("select u from PbxUser u where u.tokenKeyId <> :k order by u.id", PbxUser.class)
                .setParameter("k", cipher.activeKeyId()).setMaxResults(config.rotationBatchSize()).getResultList();
        for (PbxUser user : stale) {
            Sealed resealed = cipher.seal(cipher.open(new Sealed(user.tokenKeyId, user.tokenCiphertext), user.id), user.id);
            user.tokenKeyId = resealed.keyId();
            user.tokenCiphertext = resealed.ciphertext();
            changes.fire(new UserChanged(user.tenantId, user.id)); // the new seal bumps the user's version
        }
        return stale.size();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int rotateHookBatch() {
        List<ActionHook> stale = em.createQuery("select h from ActionHook h where h.secretKeyId <> :k order by h.id", ActionHook.class)
                .setParameter("k", cipher.activeKeyId()).setMaxResults(config.rotationBatchSize()).getResultList();
        for (ActionHook hook : stale) {
            Sealed resealed = cipher.seal(cipher.open(new Sealed(hook.secretKeyId, hook.secretCiphertext), hook.id), hook.id);
            hook.secretKeyId = resealed.keyId();
            hook.secretCiphertext = resealed.ciphertext();
        }
        return stale.size();
    }
}
