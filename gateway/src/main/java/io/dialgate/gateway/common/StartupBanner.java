package io.dialgate.gateway.common;

import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

/** Logs the one line an operator looks for: where the gateway answers. */
@ApplicationScoped
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    void onHttpStart(@ObservesAsync HttpServerStart event) {
        String host = event.options().getHost();
        String shown = "0.0.0.0".equals(host) || host == null ? "localhost" : host;
        LOG.infof("Dialgate gateway ready at http://%s:%d (health /q/health, OpenAPI /q/openapi)",
                shown, event.options().getPort());
    }
}
