package io.dialgate.gateway.crypto;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Re-encrypts every sealed secret with the active key, owner by owner, one short transaction per batch, so
 * the gateway keeps serving while it runs and a crash loses at most one batch of work (which the next run
 * redoes). Run it after putting a new key first in {@code DIALGATE_CRYPTO_KEYS}; once it reports nothing
 * left, the old key can leave the ring.
 */
@ApplicationScoped
public class SecretRotationService {

    private static final Logger LOG = Logger.getLogger(SecretRotationService.class);

    private final List<SealedSecretOwner> owners;
    private final SecretCipher cipher;
    private final CryptoConfig config;

    public SecretRotationService(@Any Instance<SealedSecretOwner> owners, SecretCipher cipher, CryptoConfig config) {
        this.owners = owners.stream().sorted(Comparator.comparing(SealedSecretOwner::kind)).toList();
        this.cipher = cipher;
        this.config = config;
    }

    /** What a rotation re-sealed per kind of secret, and how many secrets still use another key (0 when done). */
    public record RotationReport(String activeKeyId, Map<String, Integer> resealed, long remaining) {
    }

    /** The active key and, per kind of secret, how many are still sealed with another key. */
    public record KeyStatus(String activeKeyId, long sealedWithOtherKeys, Map<String, Long> byKind) {
    }

    public RotationReport rotateAll() {
        String active = cipher.activeKeyId();
        Map<String, Integer> resealed = new LinkedHashMap<>();
        for (SealedSecretOwner owner : owners) {
            int total = 0;
            int batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(() -> owner.resealBatch(cipher, config.rotationBatchSize()));
                total += batch;
                if (batch > 0) {
                    LOG.infof("Key rotation: re-encrypted %d rows of %s so far", total, owner.kind());
                }
            } while (batch > 0);
            resealed.put(owner.kind(), total);
        }
        long remaining = status().sealedWithOtherKeys();
        LOG.infof("Key rotation done: %s re-sealed with key %s; %d secrets left on other keys", resealed, active, remaining);
        return new RotationReport(active, resealed, remaining);
    }

    public KeyStatus status() {
        String active = cipher.activeKeyId();
        Map<String, Long> byKind = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().run(() -> owners.forEach(o -> byKind.put(o.kind(), o.countSealedWithOtherKeys(active))));
        return new KeyStatus(active, byKind.values().stream().mapToLong(Long::longValue).sum(), byKind);
    }
}
