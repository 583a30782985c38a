package io.dialgate.gateway.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens secrets with AES-256-GCM (JDK provider). The associated data binds a ciphertext
 * to its row ({@code context}, e.g. the user id), so a sealed token copied to another row does not open.
 */
@ApplicationScoped
public class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keyRing;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    public Sealed seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyRing.active(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] body = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new Sealed(keyRing.activeKeyId(), ByteBuffer.allocate(nonce.length + body.length).put(nonce).put(body).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String open(Sealed sealed, String context) {
        var key = keyRing.find(sealed.keyId()).orElseThrow(() -> new IllegalStateException(
                "secret sealed with key '" + sealed.keyId() + "', which is not in DIALGATE_CRYPTO_KEYS"));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.ciphertext(), 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(sealed.ciphertext(), NONCE_BYTES, sealed.ciphertext().length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // No detail: the cause could only help someone probing ciphertexts.
            throw new IllegalStateException("secret sealed with key '" + sealed.keyId() + "' failed authentication");
        }
    }

    /** True when the value is sealed with a key other than the active one (a rotation candidate). */
    public boolean isStale(Sealed sealed) {
        return !keyRing.activeKeyId().equals(sealed.keyId());
    }

    /** {@code sealed} under the active key: re-sealed when it is under another, as it is otherwise. */
    public Sealed reseal(Sealed sealed, String context) {
        return isStale(sealed) ? seal(open(sealed, context), context) : sealed;
    }

    public String activeKeyId() {
        return keyRing.activeKeyId();
    }
}
