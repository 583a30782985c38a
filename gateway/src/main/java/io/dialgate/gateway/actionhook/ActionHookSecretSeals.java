package io.dialgate.gateway.actionhook;

import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SealedSecretOwner;
import io.dialgate.gateway.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/** The action hooks' signing secrets, for key status and re-encryption. */
@ApplicationScoped
public class ActionHookSecretSeals implements SealedSecretOwner {

    private final EntityManager em;

    public ActionHookSecretSeals(EntityManager em) {
        this.em = em;
    }

    @Override
    public String kind() {
        return "actionHookSecrets";
    }

    @Override
    public long countSealedWithOtherKeys(String activeKeyId) {
        return em.createQuery("select count(h) from ActionHook h where h.secretKeyId <> :k", Long.class)
                .setParameter("k", activeKeyId).getSingleResult();
    }

    @Override
    public int resealBatch(SecretCipher cipher, int limit) {
        List<ActionHook> stale = em.createQuery("select h from ActionHook h where h.secretKeyId <> :k order by h.id", ActionHook.class)
                .setParameter("k", cipher.activeKeyId()).setMaxResults(limit).getResultList();
        for (ActionHook hook : stale) {
            Sealed resealed = cipher.reseal(new Sealed(hook.secretKeyId, hook.secretCiphertext), hook.id);
            hook.secretKeyId = resealed.keyId();
            hook.secretCiphertext = resealed.ciphertext();
        }
        return stale.size();
    }
}
