package io.dialgate.gateway.common;

import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Logs the one line an operator looks for: where the gateway answers, and where its health and metrics are. */
@ApplicationScoped
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    private final boolean managementInterface;
    private final int managementPort;

    StartupBanner(@ConfigProperty(name = "quarkus.management.enabled", defaultValue = "false") boolean managementInterface,
            @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000") int managementPort) {
        this.managementInterface = managementInterface;
        this.managementPort = managementPort;
    }

    void onHttpStart(@ObservesAsync HttpServerStart event) {
        String host = event.options().getHost();
        String shown = "0.0.0.0".equals(host) || host == null ? "localhost" : host;
        String operations = managementInterface
                ? "health /q/health and metrics /q/metrics on management port " + managementPort
                : "health /q/health, metrics /q/metrics";
        LOG.infof("Dialgate gateway ready at http://%s:%d (OpenAPI /q/openapi; %s)", shown, event.options().getPort(), operations);
    }
}
