package io.dialgate.gateway.tenant;

import io.dialgate.gateway.common.Hashes;
import java.security.SecureRandom;

/**
 * Generates and hashes API keys. The keys carry 190 bits of randomness, so a fast SHA-256 is the
 * right hash (as Stripe and GitHub do for tokens): a slow password hash would only slow every request.
 */
final class ApiKeys {

    static final String PREFIX = "dgk_";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    static String generate() {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < 32; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    static String hash(String key) {
        return Hashes.sha256Hex(key);
    }
}
