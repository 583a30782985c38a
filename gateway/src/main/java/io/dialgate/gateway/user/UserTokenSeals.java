package io.dialgate.gateway.user;

import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SealedSecretOwner;
import io.dialgate.gateway.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.util.List;

/** The users' PBX access tokens, for key status and re-encryption. */
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
                .setParameter("k", activeKeyId).getSingleResult();
    }

    @Override
    public int resealBatch(SecretCipher cipher, int limit) {
        List<PbxUser> stale = em.createQuery("select u from PbxUser u where u.tokenKeyId <> :k order by u.id", PbxUser.class)
                .setParameter("k", cipher.activeKeyId()).setMaxResults(limit).getResultList();
        for (PbxUser user : stale) {
            Sealed resealed = cipher.seal(cipher.open(new Sealed(user.tokenKeyId, user.tokenCiphertext), user.id), user.id);
            user.tokenKeyId = resealed.keyId();
            user.tokenCiphertext = resealed.ciphertext();
            changes.fire(new UserChanged(user.tenantId, user.id)); // the new seal bumps the user's version
        }
        return stale.size();
    }
}
