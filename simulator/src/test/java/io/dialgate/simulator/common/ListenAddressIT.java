package io.dialgate.simulator.common;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged simulator, started as a user starts it (prod profile, no host setting), listens on
 * loopback only: its control API is open by default, so nothing off this machine may reach it.
 */
@QuarkusIntegrationTest
class ListenAddressIT {

    @Test
    void shouldListenOnLoopbackAndNotOnThisMachinesOtherAddresses() {
        int port = RestAssured.port;
        assertThatCode(() -> connect(InetAddress.getByName("127.0.0.1"), port)).doesNotThrowAnyException();
        InetAddress other = otherAddress().orElse(null);
        Assumptions.assumeTrue(other != null, "this machine has no address besides loopback to try");
        assertThatThrownBy(() -> connect(other, port)).as("connecting through %s", other)
                .isInstanceOf(ConnectException.class);
    }

    /** An up, non-loopback IPv4 address of this machine, where a server bound to 0.0.0.0 would answer. */
    static Optional<InetAddress> otherAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(ListenAddressIT::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
        }
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
