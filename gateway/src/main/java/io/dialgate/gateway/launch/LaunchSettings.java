package io.dialgate.gateway.launch;

import io.quarkus.runtime.LaunchMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The few settings needed before Quarkus starts, read the way SmallRye Config would read them
 * (system property first, then environment variable), because the Quarkus config is not built yet.
 *
 * @param databaseUrl   the configured JDBC URL, if any ({@code DIALGATE_DB_URL} or {@code QUARKUS_DATASOURCE_JDBC_URL})
 * @param databaseUser  user for the configured database
 * @param databasePassword password for the configured database; never printed
 * @param embeddedAllowed whether an embedded PostgreSQL may be started when no URL is set
 *                        ({@code DIALGATE_DB_EMBEDDED}; the container image sets it to false)
 * @param dataDir       local state directory ({@code DIALGATE_DATA_DIR}, default {@code ./data}; in dev mode
 *                      {@code target/dev-data} of the gateway module)
 * @param httpHost      interface the HTTP server binds to
 * @param httpPort      HTTP port ({@code QUARKUS_HTTP_PORT}, default 8080)
 * @param managementHost interface of the management port (health, metrics) in production
 * @param managementPort management port ({@code QUARKUS_MANAGEMENT_PORT}, default 9000); used in production only
 * @param cryptoKeysConfigured whether {@code DIALGATE_CRYPTO_KEYS} is set (or a generated key explicitly allowed)
 * @param adminToken    the operator token ({@code DIALGATE_ADMIN_TOKEN}), if set; never printed
 * @param production    whether the active profile is neither {@code dev} nor {@code test} ({@code QUARKUS_PROFILE},
 *                      else the launch mode's: {@code prod} for the packaged jar)
 */
public record LaunchSettings(
        Optional<String> databaseUrl,
        String databaseUser,
        String databasePassword,
        boolean embeddedAllowed,
        Path dataDir,
        String httpHost,
        int httpPort,
        String managementHost,
        int managementPort,
        boolean cryptoKeysConfigured,
        Optional<String> adminToken,
        boolean production) {

    /** Dev mode's data directory, relative to the gateway module where {@code quarkus:dev} runs. */
    public static final String DEV_DATA_DIR = "target/dev-data";

    public static LaunchSettings fromEnvironment() {
        Optional<String> url = read("dialgate.db.url").or(() -> read("quarkus.datasource.jdbc.url"));
        String user = read("dialgate.db.user").or(() -> read("quarkus.datasource.username")).orElse("postgres");
        String password = read("dialgate.db.password").or(() -> read("quarkus.datasource.password")).orElse("");
        boolean embedded = !"false".equalsIgnoreCase(read("dialgate.db.embedded").orElse("true"));
        String profiles = read("quarkus.profile").orElseGet(LaunchSettings::defaultProfile);
        boolean production = Arrays.stream(profiles.split(",")).map(String::trim)
                .noneMatch(profile -> profile.equals("dev") || profile.equals("test"));
        // Dev mode runs in the gateway module: its database and throw-away key go under target/, apart from the
        // launcher's ./data, and a clean build removes them together.
        Path dataDir = Path.of(read("dialgate.data-dir").orElse(production ? "data" : DEV_DATA_DIR)).toAbsolutePath().normalize();
        String host = read("quarkus.http.host").orElse("0.0.0.0");
        int port = port("quarkus.http.port", 8080);
        String managementHost = read("quarkus.management.host").orElse("0.0.0.0");
        int managementPort = port("quarkus.management.port", 9000);
        boolean keys = read("dialgate.crypto.keys").isPresent()
                || "true".equalsIgnoreCase(read("dialgate.crypto.allow-generated-key").orElse("false"));
        Optional<String> adminToken = read("dialgate.admin.token");
        return new LaunchSettings(url, user, password, embedded, dataDir, host, port, managementHost, managementPort, keys,
                adminToken, production);
    }

    /**
     * The profile of the launch mode. Before Quarkus starts, {@link LaunchMode#current()} still says
     * {@code NORMAL} even in dev mode ({@code quarkus:dev}); dev mode is recognised by the class loader that
     * loaded this class there, Quarkus' reloading one. The packaged jar uses another, and tests never run main.
     */
    static String defaultProfile() {
        ClassLoader loader = LaunchSettings.class.getClassLoader();
        if (loader != null && loader.getClass().getName().equals("io.quarkus.bootstrap.classloading.QuarkusClassLoader")) {
            return LaunchMode.DEVELOPMENT.getDefaultProfile();
        }
        return LaunchMode.current().getDefaultProfile();
    }

    private static int port(String property, int fallback) {
        String text = read(property).orElse(Integer.toString(fallback));
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new LaunchProblem(envName(property) + " '" + text + "' is not a number; set it to a free TCP port such as "
                    + fallback + ".");
        }
    }

    static String envName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /** Reads {@code a.b-c} from the system property or the environment variable {@code A_B_C}. */
    static Optional<String> read(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(envName(property));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Never prints the password or the operator token. */
    @Override
    public String toString() {
        return "LaunchSettings[databaseUrl=" + databaseUrl.map(Preflight::redact) + ", user=" + databaseUser
                + ", embeddedAllowed=" + embeddedAllowed + ", dataDir=" + dataDir + ", port=" + httpPort
                + ", managementPort=" + managementPort + ", production=" + production + "]";
    }
}
