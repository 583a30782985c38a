package io.dialgate.gateway.webhook;

import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SealedSecretOwner;
import io.dialgate.gateway.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * The webhook endpoints' signing secrets, for key status and re-encryption: the current secret and, during a
 * secret rotation's overlap, the previous one, which signs deliveries too and so must open after the old
 * key is gone.
 */
@ApplicationScoped
public class WebhookSecretSeals implements SealedSecretOwner {

    private final EntityManager em;

    public WebhookSecretSeals(EntityManager em) {
        this.em = em;
    }

    @Override
    public String kind() {
        return "webhookSecrets";
    }

    @Override
    public long countSealedWithOtherKeys(String activeKeyId) {
        return em.createQuery("select count(e) from WebhookEndpoint e where e.secretKeyId <> :k", Long.class)
                .setParameter("k", activeKeyId).getSingleResult()
                + em.createQuery("select count(e) from WebhookEndpoint e where e.previousSecretKeyId <> :k", Long.class)
                .setParameter("k", activeKeyId).getSingleResult();
    }

    @Override
    public int resealBatch(SecretCipher cipher, int limit) {
        List<WebhookEndpoint> stale = em.createQuery("select e from WebhookEndpoint e"
                        + " where e.secretKeyId <> :k or e.previousSecretKeyId <> :k order by e.id", WebhookEndpoint.class)
                .setParameter("k", cipher.activeKeyId()).setMaxResults(limit).getResultList();
        for (WebhookEndpoint endpoint : stale) {
            Sealed current = cipher.reseal(new Sealed(endpoint.secretKeyId, endpoint.secretCiphertext), endpoint.id);
            endpoint.secretKeyId = current.keyId();
            endpoint.secretCiphertext = current.ciphertext();
            if (endpoint.previousSecretKeyId != null) {
                Sealed previous = cipher.reseal(new Sealed(endpoint.previousSecretKeyId, endpoint.previousSecretCiphertext), endpoint.id);
                endpoint.previousSecretKeyId = previous.keyId();
                endpoint.previousSecretCiphertext = previous.ciphertext();
            }
        }
        return stale.size();
    }
}
