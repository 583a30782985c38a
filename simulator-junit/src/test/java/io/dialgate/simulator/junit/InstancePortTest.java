package io.dialgate.simulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialgate.simulator.client.InstanceInfo;
import io.dialgate.simulator.client.SimulatorControl;
import io.dialgate.simulator.client.SimulatorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance seeded on a port of its own answers there at the root, like a real PBX host; the port can be closed. */
class InstancePortTest {

    @RegisterExtension
    static DaktelaSimulatorExtension sim = DaktelaSimulatorExtension.builder()
            .instance("initech")
            .seed("classpath:seed/own-port.yaml")
            .build();

    @Test
    void servesTheSeededInstanceOnItsOwnPortRefusesTheSamePortTwiceAndClosesIt(SimulatorControl initech) {
        Integer port = initech.instances().stream().filter(i -> i.name().equals("initech")).findFirst()
                .map(InstanceInfo::port).orElseThrow();
        assertThat(port).isPositive();
        String ownUrl = "http://127.0.0.1:" + port;
        assertThat(Pbx.loginToQueue(ownUrl, "milton-token", "4000").statusCode()).isEqualTo(200);

        SimulatorControl other = initech.forInstance("initrode");
        assertThatThrownBy(() -> other.createWithPort(false, port))
                .isInstanceOfSatisfying(SimulatorException.class, e -> assertThat(e.status()).isEqualTo(409));
        InstanceInfo anyFree = other.createWithPort(false, 0);
        assertThat(anyFree.port()).isPositive().isNotEqualTo(port);

        initech.closePort();
        assertThatThrownBy(() -> Pbx.loginToQueue(ownUrl, "milton-token", "4000")).isInstanceOf(IllegalStateException.class);
        // The shared port still serves it.
        assertThat(Pbx.loginToQueue(initech.pbxUrl(), "milton-token", "4000").statusCode()).isEqualTo(200);
        other.closePort();
    }
}
