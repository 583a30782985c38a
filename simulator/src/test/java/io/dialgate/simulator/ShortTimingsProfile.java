package io.dialgate.simulator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Short hold and call timings so hold timeouts and call lifecycles finish in test time. */
public class ShortTimingsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("simulator.pull-hold", "1s", "simulator.calls.ring-time", "300ms",
                "simulator.calls.talk-time", "600ms");
    }
}
