package io.dialgate.gateway.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Encryption of secrets at rest (PBX access tokens, webhook and action-hook secrets). */
@ConfigMapping(prefix = "dialgate.crypto")
public interface CryptoConfig {

    /**
     * The key ring, {@code keyId:base64Key} pairs separated by commas; each key is 32 random bytes
     * (AES-256). Example: {@code k2:...,k1:...}. Env {@code DIALGATE_CRYPTO_KEYS}.
     */
    Optional<String> keys();

    /** Id of the key new secrets are sealed with; default the first key of the ring. */
    Optional<String> activeKey();

    /** Whether a missing key ring may be replaced by a throw-away generated key (dev and test only). */
    @WithDefault("false")
    boolean allowGeneratedKey();

    /** Rows re-encrypted per transaction by the rotation command. */
    @WithDefault("200")
    int rotationBatchSize();
}
