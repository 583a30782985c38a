package io.dialgate.gateway;

import io.dialgate.gateway.common.RequestHeadLimits;
import io.dialgate.gateway.launch.LaunchProblem;
import io.dialgate.gateway.launch.LaunchSettings;
import io.dialgate.gateway.launch.Preflight;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the packaged gateway ({@code java -jar}, the launcher, the container image).
 *
 * <p>Runs the preflight checks before Quarkus boots, because a wrong database URL, an occupied port
 * or an unwritable data directory would otherwise surface as a wall of stack traces from deep inside
 * the datasource or HTTP layers. It also starts the embedded PostgreSQL when no database is
 * configured, which has to happen before the datasource reads its URL.
 */
@QuarkusMain
public final class GatewayMain {

    // Package-private, not private: Quarkus indexes this class as a bean and warns about a private constructor.
    GatewayMain() {
    }

    /** Set once the preflight has run in this JVM. */
    static final String PREPARED = "dialgate.launch.prepared";

    public static void main(String... args) {
        // Dev mode runs main again on every live reload, in the same JVM, with the HTTP port still open: the
        // embedded database, its URL and the dev key the first run set up are all still there.
        if (!Boolean.getBoolean(PREPARED)) {
            try {
                Preflight.prepare(LaunchSettings.fromEnvironment());
            } catch (LaunchProblem problem) {
                System.err.println("dialgate-gateway: " + problem.getMessage());
                System.exit(2);
            }
            System.setProperty(PREPARED, "true");
        }
        // Quarkus answers a request target that is not a valid URI with an empty 400, before any application
        // code runs; with its check off, RequestHeadLimits makes the same check and answers with a problem document.
        System.setProperty(RequestHeadLimits.DISABLE_QUARKUS_URI_VALIDATION, "true");
        Quarkus.run(args);
    }
}
