package io.dialgate.gateway.common;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Opaque prefixed ids ({@code ten_}, {@code pbx_}, {@code usr_}...) that sort by creation time, so a
 * cursor can simply be the last id seen. Written by hand because it is twenty lines: 48 bits of
 * milliseconds then 80 random bits, Crockford base32 (the ULID layout) after the prefix.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix, Clock clock) {
        long millis = clock.millis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        StringBuilder id = new StringBuilder(prefix.length() + 27).append(prefix).append('_');
        for (int shift = 45; shift >= 0; shift -= 5) {
            id.append(ALPHABET[(int) (millis >>> shift) & 31]);
        }
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (random[i] & 0xff);
        }
        for (int shift = 35; shift >= 0; shift -= 5) {
            id.append(ALPHABET[(int) (high >>> shift) & 31]);
        }
        for (int shift = 35; shift >= 0; shift -= 5) {
            id.append(ALPHABET[(int) (low >>> shift) & 31]);
        }
        return id.toString();
    }

    /** True when {@code id} has the given prefix and the shape of an id; lets resources answer 404 without a query. */
    public static boolean looksLike(String prefix, String id) {
        return id != null && id.length() == prefix.length() + 1 + 26 && id.startsWith(prefix + "_")
                && id.substring(prefix.length() + 1).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
    }
}
