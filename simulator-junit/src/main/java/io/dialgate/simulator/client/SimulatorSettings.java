package io.dialgate.simulator.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to start a simulator process: its configuration properties (any {@code simulator.*} or
 * {@code quarkus.*} setting from the simulator's README), JVM options and how long to wait for it.
 * Two runs with equal settings can share one process.
 */
public record SimulatorSettings(Map<String, String> properties, List<String> jvmOptions, Duration startTimeout) {

    /**
     * Start-up favoured over peak speed: the C1 compiler only, a small heap, the serial collector.
     * Override with {@link #withJvmOptions(List)} for load tests.
     */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    public SimulatorSettings {
        properties = Map.copyOf(new TreeMap<>(properties));
        jvmOptions = List.copyOf(jvmOptions);
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive");
        }
    }

    /**
     * For tests: no seed (tests seed what they need), long polls held 2 s, outbound calls ring 200 ms,
     * answered calls last until hung up.
     */
    public static SimulatorSettings forTests() {
        return new SimulatorSettings(Map.of(
                "simulator.seed", "none",
                "simulator.pull-hold", "2s",
                "simulator.calls.ring-time", "200ms",
                "simulator.calls.talk-time", "0s"), TEST_JVM_OPTIONS, Duration.ofSeconds(90));
    }

    /** These settings with one property set, e.g. {@code with("simulator.pull-hold", "500ms")}. */
    public SimulatorSettings with(String property, String value) {
        Map<String, String> all = new TreeMap<>(properties);
        all.put(property, value);
        return new SimulatorSettings(all, jvmOptions, startTimeout);
    }

    public SimulatorSettings withJvmOptions(List<String> options) {
        return new SimulatorSettings(properties, options, startTimeout);
    }

    public SimulatorSettings withStartTimeout(Duration timeout) {
        return new SimulatorSettings(properties, jvmOptions, timeout);
    }
}
