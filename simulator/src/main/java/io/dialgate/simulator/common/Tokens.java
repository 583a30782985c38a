package io.dialgate.simulator.common;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random access and refresh tokens, shaped like Daktela's 32-hex-digit tokens. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
