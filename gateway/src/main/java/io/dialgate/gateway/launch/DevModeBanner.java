package io.dialgate.gateway.launch;

import io.dialgate.gateway.tenant.AdminConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * In dev mode ({@code quarkus:dev}) only: tells the developer what dev mode set up for them, so the first
 * request can be made without reading any configuration: the operator token, Swagger UI, where the data lives.
 */
@ApplicationScoped
public class DevModeBanner {

    private static final Logger LOG = Logger.getLogger(DevModeBanner.class);

    /** The operator token application.properties gives the dev profile; printing it reveals nothing. */
    static final String DEV_OPERATOR_TOKEN = "dev-operator-token";

    private final LaunchMode launchMode;
    private final AdminConfig admin;
    private final String dataDir;

    DevModeBanner(LaunchMode launchMode, AdminConfig admin, @ConfigProperty(name = "dialgate.data-dir") String dataDir) {
        this.launchMode = launchMode;
        this.admin = admin;
        this.dataDir = dataDir;
    }

    void onHttpStart(@ObservesAsync HttpServerStart event) {
        if (launchMode != LaunchMode.DEVELOPMENT) {
            return;
        }
        LOG.info(lines(event.options().getPort()));
    }

    String lines(int port) {
        String base = "http://localhost:" + port;
        // A token the developer set themselves is a secret like any other: named, never shown.
        String token = admin.token().map(t -> t.equals(DEV_OPERATOR_TOKEN) ? t : "(the DIALGATE_ADMIN_TOKEN you set)")
                .orElse("(none: DIALGATE_ADMIN_TOKEN is empty, /admin refuses every request)");
        String database = Boolean.getBoolean(Preflight.EMBEDDED_STARTED)
                ? "embedded PostgreSQL in " + Path.of(dataDir).toAbsolutePath().normalize().resolve("postgres")
                : "the one DIALGATE_DB_URL names";
        return String.join(System.lineSeparator(), "",
                "Dialgate gateway in dev mode",
                "  API          " + base + "/v1, Swagger UI " + base + "/q/swagger-ui",
                "  Operator     Authorization: Bearer " + token + "   (for " + base + "/admin)",
                "  Database     " + database,
                "  First steps  curl -X POST " + base + "/admin/tenants -H 'Authorization: Bearer " + DEV_OPERATOR_TOKEN
                        + "' -H 'Content-Type: application/json' -d '{\"name\":\"Dev\"}'",
                "");
    }
}
