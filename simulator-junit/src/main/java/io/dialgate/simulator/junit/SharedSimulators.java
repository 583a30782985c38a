package io.dialgate.simulator.junit;

import io.dialgate.simulator.client.SimulatorProcess;
import io.dialgate.simulator.client.SimulatorSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulator process per distinct settings in this JVM, started on first use. Each stops with the JVM
 * (its shutdown hook), not after a class: starting a JVM is the slow part, and test classes keep apart by
 * resetting or by using their own instances.
 */
final class SharedSimulators {

    private static final Map<SimulatorSettings, SimulatorProcess> RUNNING = new ConcurrentHashMap<>();

    private SharedSimulators() {
    }

    static SimulatorProcess get(SimulatorSettings settings) {
        SimulatorProcess process = RUNNING.compute(settings,
                (key, running) -> running != null && running.isAlive() ? running : SimulatorProcess.start(key));
        return process;
    }
}
