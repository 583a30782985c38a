package io.dialgate.simulator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Short hold and call timings so hold timeouts and call lifecycles finish in test time, yet long enough that a
 * test on a busy machine still sees each step (a held poll before it is answered, a ringing call before it is answered).
 */
public class ShortTimingsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("simulator.pull-hold", "3s", "simulator.calls.ring-time", "1s",
                "simulator.calls.talk-time", "1500ms");
    }
}
