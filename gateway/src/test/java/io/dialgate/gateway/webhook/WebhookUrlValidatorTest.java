package io.dialgate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialgate.gateway.common.Errors;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** SSRF rules, with a fake resolver so no test depends on real DNS. */
class WebhookUrlValidatorTest {

    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "internal.example.com", "10.1.2.3",
            "rebinding.example.com", "169.254.169.254");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String ip = DNS.get(host);
        if (ip == null && !host.matches("[0-9a-fA-F.:]+")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(ip != null ? ip : host)};
    }

    private final WebhookUrlValidator strict = new WebhookUrlValidator(false, WebhookUrlValidatorTest::resolve);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/x", "http://10.0.0.5/x", "http://172.16.3.4/x", "http://192.168.1.1/x",
            "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/x", "http://224.0.0.1/x", "http://100.64.0.1/x",
            "http://[::1]/x", "http://[fc00::1]/x", "http://[fe80::1]/x", "http://[::ffff:127.0.0.1]/x", "http://[::]/x",
            "http://[64:ff9b::a9fe:a9fe]/x", "http://[64:ff9b:1::a00:1]/x", "http://[2002:a00:1::1]/x",
            "https://internal.example.com/hook", "https://rebinding.example.com/hook", "https://nowhere.invalid/hook"})
    void shouldRefusePrivateOrUnresolvableHosts(String url) {
        assertThatThrownBy(() -> strict.validate(url)).isInstanceOf(Errors.ValidationException.class)
                .satisfies(e -> assertThat(((Errors.ValidationException) e).fieldErrors().get(0).field()).isEqualTo("url"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://hooks.example.com/x", "https://user:pw@hooks.example.com/x", "hooks.example.com/x",
            "https://hooks.example.com/x#frag"})
    void shouldRefuseMalformedUrls(String url) {
        assertThatThrownBy(() -> strict.validate(url)).isInstanceOf(Errors.ValidationException.class);
    }

    @Test
    void shouldAcceptPublicHostsAndPrivateOnesWhenAllowed() {
        assertThat(strict.validate("https://hooks.example.com/hook?x=1")).isEqualTo("https://hooks.example.com/hook?x=1");
        assertThat(strict.validate("http://93.184.216.34:8080/hook")).isEqualTo("http://93.184.216.34:8080/hook");
        // The same public address through NAT64 and 6to4.
        assertThat(strict.validate("http://[64:ff9b::5db8:d822]/hook")).isEqualTo("http://[64:ff9b::5db8:d822]/hook");
        assertThat(strict.validate("http://[2002:5db8:d822::1]/hook")).isEqualTo("http://[2002:5db8:d822::1]/hook");
        WebhookUrlValidator lenient = new WebhookUrlValidator(true, WebhookUrlValidatorTest::resolve);
        assertThat(lenient.validate("http://127.0.0.1:9999/hook")).isEqualTo("http://127.0.0.1:9999/hook");
    }

    @Test
    void shouldRefuseAtDeliveryWhenDnsNowPointsInsideAndOtherwiseNameTheAddressChecked() {
        WebhookUrlValidator.Destination outside = strict.destinationAtDelivery(URI.create("https://hooks.example.com/hook"));
        assertThat(outside.refused()).isFalse();
        assertThat(outside.address().getHostAddress()).isEqualTo("93.184.216.34");

        WebhookUrlValidator.Destination inside = strict.destinationAtDelivery(URI.create("https://rebinding.example.com/hook"));
        assertThat(inside.refused()).isTrue();
        assertThat(inside.address()).isNull();
    }

    /** A tenant must not learn from the answer which internal names exist or what they resolve to. */
    @Test
    void shouldRefuseInternalAndUnknownNamesInTheSameWords() {
        String internal = refusal("https://internal.example.com/hook").replace("internal.example.com", "HOST");
        String unknown = refusal("https://nowhere.invalid/hook").replace("nowhere.invalid", "HOST");

        assertThat(internal).isEqualTo(unknown).doesNotContain("10.1.2.3");
    }

    private String refusal(String url) {
        return ((Errors.ValidationException) org.assertj.core.api.Assertions.catchThrowable(() -> strict.validate(url)))
                .fieldErrors().get(0).message();
    }
}
