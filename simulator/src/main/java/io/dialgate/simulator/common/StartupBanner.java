package io.dialgate.simulator.common;

import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jboss.logging.Logger;

/**
 * Logs the one line a developer looks for, where the simulated PBX answers, and warns when the
 * control API is open to the network.
 */
@ApplicationScoped
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    private final SimulatorConfig config;

    public StartupBanner(SimulatorConfig config) {
        this.config = config;
    }

    void onHttpStart(@ObservesAsync HttpServerStart event) {
        String host = event.options().getHost();
        String shown = "0.0.0.0".equals(host) || host == null ? "localhost" : host;
        LOG.infof("Dialgate simulator ready at http://%s:%d (Daktela API /api/v6, control API /_sim, health /q/health)",
                shown, event.options().getPort());
        if (config.control().token().isEmpty() && !isLoopback(host)) {
            LOG.warnf("The control API /_sim is open to anyone who can reach %s: set SIMULATOR_CONTROL_TOKEN, "
                    + "or QUARKUS_HTTP_HOST=127.0.0.1 if nothing outside this machine needs the simulator", host);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
