package io.dialgate.gateway.crypto;

/**
 * A secret sealed with AES-256-GCM: the id of the key that sealed it and {@code nonce || ciphertext || tag}.
 * {@code toString} shows only the key id.
 */
public record Sealed(String keyId, byte[] ciphertext) {

    @Override
    public String toString() {
        return "Sealed[keyId=" + keyId + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sealed other && keyId.equals(other.keyId) && java.util.Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + java.util.Arrays.hashCode(ciphertext);
    }
}
