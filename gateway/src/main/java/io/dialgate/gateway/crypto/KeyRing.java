package io.dialgate.gateway.crypto;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The AES-256 keys from {@link CryptoConfig}, one of them active. Several keys coexist so a new key
 * can be introduced, secrets re-encrypted in the background, and the old key retired later.
 */
@ApplicationScoped
@Startup // fail at boot, not at the first request, when the ring is missing or malformed
public class KeyRing {

    private static final Logger LOG = Logger.getLogger(KeyRing.class);

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    public KeyRing(CryptoConfig config, LaunchMode launchMode) {
        Map<String, SecretKey> parsed = parse(config.keys().orElse(""));
        if (parsed.isEmpty()) {
            if (launchMode == LaunchMode.NORMAL && !config.allowGeneratedKey()) {
                throw new IllegalStateException("DIALGATE_CRYPTO_KEYS is not set: the gateway will not store access tokens"
                        + " without a configured key (format keyId:base64-of-32-bytes)");
            }
            byte[] generated = new byte[32];
            new SecureRandom().nextBytes(generated);
            parsed.put("generated", new SecretKeySpec(generated, "AES"));
            LOG.warn("**************************************************************************************");
            LOG.warn("No DIALGATE_CRYPTO_KEYS configured: using a THROW-AWAY generated key. Secrets stored now");
            LOG.warn("cannot be read after a restart. Configure a key ring for anything but development.");
            LOG.warn("**************************************************************************************");
        }
        this.keys = Collections.unmodifiableMap(parsed);
        this.activeKeyId = config.activeKey().orElse(parsed.keySet().iterator().next());
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("dialgate.crypto.active-key '" + activeKeyId + "' is not in the key ring " + keys.keySet());
        }
    }

    static Map<String, SecretKey> parse(String ring) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : ring.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("DIALGATE_CRYPTO_KEYS entries must be keyId:base64Key (an entry has no key id)");
            }
            String id = trimmed.substring(0, colon);
            byte[] key;
            try {
                key = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("DIALGATE_CRYPTO_KEYS key '" + id + "' is not valid base64");
            }
            if (key.length != 32) {
                throw new IllegalStateException("DIALGATE_CRYPTO_KEYS key '" + id + "' must be 32 bytes (AES-256), not " + key.length);
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        }
        return keys;
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    SecretKey active() {
        return keys.get(activeKeyId);
    }

    Optional<SecretKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }
}
