package io.dialgate.simulator.tls;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Serves https with a self-signed certificate made by the JDK's keytool, exactly as the README tells a user
 * to: a PKCS12 key store given to Quarkus' standard TLS settings.
 */
public class TlsProfile implements QuarkusTestProfile {

    static final String PASSWORD = "changeit";

    @Override
    public Map<String, String> getConfigOverrides() {
        Path store = Path.of("target", "tls-test", "simulator.p12").toAbsolutePath();
        try {
            Files.createDirectories(store.getParent());
            Files.deleteIfExists(store);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "simulator", "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                    .redirectErrorStream(true).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + new String(process.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.http.ssl.certificate.key-store-file", store.toString(),
                "quarkus.http.ssl.certificate.key-store-password", PASSWORD,
                "quarkus.http.test-ssl-port", "0",
                "quarkus.http.insecure-requests", "enabled");
    }
}
