package io.dialgate.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The app on a {@link SettableClock}, with a webhook retry schedule (0 s, 10 min, 10 min) that no test could wait
 * for: tests of retries move the clock on instead. Test classes that share this profile and the same test
 * resources share one app start.
 */
public class MovableTimeProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(SettableClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dialgate.webhook.retry-schedule", "0s,10m,10m");
    }
}
