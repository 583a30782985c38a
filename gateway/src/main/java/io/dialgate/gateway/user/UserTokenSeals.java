package io.dialgate.gateway.user;

import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SealedSecretOwner;
import io.dialgate.gateway.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;

/** The users' PBX access tokens and refresh tokens, for key status and re-encryption. */
@ApplicationScoped
public class UserTokenSeals implements SealedSecretOwner {

    private final EntityManager em;
    private final Event<UserChanged> changes;

    public UserTokenSeals(EntityManager em, Event<UserChanged> changes) {
        this.em = em;
        this.changes = changes;
    }

    @Override
    public String kind() {
        return "userTokens";
    }

    @Override
    public long countSealedWithOtherKeys(String activeKeyId) {
        return em.createQuery("select count(u) from PbxUser u where u.tokenKeyId <> :k", Long.class)
                .setParameter("k", activeKeyId).getSingleResult()
                + em.createQuery("select count(u) from PbxUser u where u.refreshKeyId <> :k", Long.class)
                .setParameter("k", activeKeyId).getSingleResult();
    }

    @Override
    public int resealBatch(SecretCipher cipher, int limit) {
        // Locked: a token renewal stores its new pair without a version check, and must not be overwritten by the
        // old pair re-sealed here (it waits for this transaction and then writes the pair it got).
        List<PbxUser> stale = em.createQuery("select u from PbxUser u where u.tokenKeyId <> :k or u.refreshKeyId <> :k"
                        + " order by u.id", PbxUser.class)
                .setParameter("k", cipher.activeKeyId()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setMaxResults(limit).getResultList();
        for (PbxUser user : stale) {
            Sealed token = cipher.reseal(new Sealed(user.tokenKeyId, user.tokenCiphertext), user.id);
            user.tokenKeyId = token.keyId();
            user.tokenCiphertext = token.ciphertext();
            if (user.refreshKeyId != null) {
                Sealed refresh = cipher.reseal(new Sealed(user.refreshKeyId, user.refreshCiphertext), user.id);
                user.refreshKeyId = refresh.keyId();
                user.refreshCiphertext = refresh.ciphertext();
            }
            changes.fire(new UserChanged(user.tenantId, user.id)); // the new seal bumps the user's version
        }
        return stale.size();
    }
}
