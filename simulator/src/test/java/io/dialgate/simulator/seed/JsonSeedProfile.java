package io.dialgate.simulator.seed;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Starts the simulator from a JSON seed file instead of the bundled YAML demo. */
public class JsonSeedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("simulator.seed", "src/test/resources/seed-test.json");
    }
}
