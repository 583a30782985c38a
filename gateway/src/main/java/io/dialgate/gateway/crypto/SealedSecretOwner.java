package io.dialgate.gateway.crypto;

/**
 * A feature that keeps secrets sealed with {@link SecretCipher} in its own table. Each owner implements this
 * beside its entity and is found by CDI, so key status and re-encryption cover every kind of secret without
 * naming them: a new kind of secret that forgets to implement it is caught by the test that rotates every
 * sealed column of the schema (see the gateway's key-rotation tests).
 */
public interface SealedSecretOwner {

    /** A stable name for reports and logs, in camelCase: {@code userTokens}, {@code webhookSecrets}. */
    String kind();

    /** How many secrets (not rows: a row may hold two) are sealed with a key other than {@code activeKeyId}. */
    long countSealedWithOtherKeys(String activeKeyId);

    /**
     * Re-seals with the active key at most {@code limit} rows that hold a secret on another key, inside the
     * caller's transaction, and returns how many rows it changed (0 when none is left).
     */
    int resealBatch(SecretCipher cipher, int limit);
}
