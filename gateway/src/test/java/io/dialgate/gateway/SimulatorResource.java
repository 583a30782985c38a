package io.dialgate.gateway;

import io.dialgate.testsupport.AppProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The packaged simulator as a real process on a free loopback port, one per test JVM, with short
 * hold and call timings. Tests seed their own instance through {@link #url()}.
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    private static AppProcess simulator;

    public static synchronized String url() {
        if (simulator == null) {
            simulator = AppProcess.simulator(Map.of(
                    "SIMULATOR_SEED", "none",
                    "SIMULATOR_PULL_HOLD", "2s",
                    "SIMULATOR_CALLS_RING_TIME", "200ms",
                    "SIMULATOR_CALLS_TALK_TIME", "0s"));
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        }
        return simulator.baseUrl();
    }

    @Override
    public Map<String, String> start() {
        url();
        return Map.of();
    }

    @Override
    public void stop() {
        // Kept for the whole JVM; the shutdown hook stops it.
    }
}
