package io.dialgate.simulator.common;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code quarkus.http.host=0.0.0.0}, as the container image and manifests set it, opens every address. */
@QuarkusIntegrationTest
@TestProfile(ListenAddressOverrideIT.Profile.class)
class ListenAddressOverrideIT {

    /** Every interface, as in a container. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.host", "0.0.0.0");
        }
    }

    @Test
    void shouldListenOnEveryAddressWhenTheHostIsOverridden() {
        int port = RestAssured.port;
        InetAddress other = ListenAddressIT.otherAddress().orElse(null);
        Assumptions.assumeTrue(other != null, "this machine has no address besides loopback to try");
        assertThatCode(() -> ListenAddressIT.connect(other, port)).doesNotThrowAnyException();
    }
}
