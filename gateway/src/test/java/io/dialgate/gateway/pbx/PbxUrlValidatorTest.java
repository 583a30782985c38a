package io.dialgate.gateway.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialgate.gateway.common.Errors;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The production rules for PBX URLs and the addresses PBX requests may reach. */
class PbxUrlValidatorTest {

    private static PbxConfig config(boolean insecure) {
        return new PbxConfig() {
            public boolean allowInsecureUrls() { return insecure; }
            public boolean allowPrivateAddresses() { return false; }
            public Duration connectTimeout() { return Duration.ofSeconds(5); }
            public Duration readTimeout() { return Duration.ofSeconds(10); }
            public Duration longPollTimeout() { return Duration.ofSeconds(30); }
            public int commandPoolSize() { return 20; }
            public java.time.ZoneId timeZone() { return java.time.ZoneId.of("Europe/Prague"); }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8081", "http://localhost:8081", "http://acme.daktela.com", "http://[::1]:8081"})
    void shouldRequireHttpsUnlessTheOperatorAllowsPlainHttp(String url) {
        assertThatThrownBy(() -> new PbxUrlValidator(config(false)).validate(url)).isInstanceOf(Errors.ValidationException.class)
                .hasMessageContaining("must use https");
        assertThat(new PbxUrlValidator(config(true)).validate(url)).isEqualTo(url);
    }

    @Test
    void shouldAcceptHttps() {
        assertThat(new PbxUrlValidator(config(false)).validate("https://acme.daktela.com/")).isEqualTo("https://acme.daktela.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1"})
    void shouldRefuseRequestsToTheGatewaysOwnNetwork(String host) {
        assertThatThrownBy(() -> new PbxAddressPolicy().resolve(host)).isInstanceOf(UnknownHostException.class)
                .hasMessage("PBX host is not a public address");
    }

    @Test
    void shouldConnectToAPublicAddressAsResolved() throws Exception {
        assertThat(new PbxAddressPolicy().resolve("8.8.8.8").getHostAddress()).isEqualTo("8.8.8.8");
    }
}
