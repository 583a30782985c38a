package io.dialgate.simulator.common;

import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

/** Logs the one line a developer looks for: where the simulated PBX answers. */
@ApplicationScoped
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    void onHttpStart(@ObservesAsync HttpServerStart event) {
        String host = event.options().getHost();
        String shown = "0.0.0.0".equals(host) || host == null ? "localhost" : host;
        LOG.infof("Dialgate simulator ready at http://%s:%d (Daktela API /api/v6, control API /_sim, health /q/health)",
                shown, event.options().getPort());
    }
}
