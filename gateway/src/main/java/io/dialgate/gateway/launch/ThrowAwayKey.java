package io.dialgate.gateway.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key ring dev mode uses when none is configured: one random AES-256 key, made on first start and kept
 * (mode 0600) beside dev mode's embedded database, so that tokens sealed before a live reload or a restart
 * can still be read after it. It protects nothing: it lives next to the data it seals. Production never
 * gets here; there a missing key ring stops the gateway.
 */
final class ThrowAwayKey {

    /** File name inside the data directory. */
    static final String FILE_NAME = "throw-away-crypto-keys";
    static final String KEY_ID = "devkey";

    private ThrowAwayKey() {
    }

    /** Reads the kept key ring from {@code dataDir}, or makes and keeps a new one; returns it as {@code devkey:base64}. */
    static String ensure(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            PrivateFiles.restrictDirectory(dataDir);
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file).trim();
                if (kept.startsWith(KEY_ID + ":")) {
                    return kept;
                }
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String ring = KEY_ID + ":" + Base64.getEncoder().encodeToString(key);
            PrivateFiles.write(file, ring + "\n");
            return ring;
        } catch (IOException e) {
            throw new LaunchProblem("cannot keep dev mode's throw-away key in " + file + " (" + e.getMessage()
                    + "); set DIALGATE_DATA_DIR to a directory this user can write, or set DIALGATE_CRYPTO_KEYS.");
        }
    }
}
