package io.dialgate.gateway;

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

    private GatewayMain() {
    }

    public static void main(String... args) {
        try {
            Preflight.prepare(LaunchSettings.fromEnvironment());
        } catch (LaunchProblem problem) {
            System.err.println("dialgate-gateway: " + problem.getMessage());
            System.exit(2);
        }
        Quarkus.run(args);
    }
}
