package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host resolver decides, before every request, which address a PBX host name is connected to, or that it
 * must not be: a refused host is never contacted, an approved one is reached at exactly the address returned.
 */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostResolverTest {

    private static SimControl sim;
    private static String token;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("resolver");
        token = sim.user("alice", "pw", List.of());
    }

    /** The simulator's URL with its host replaced by a name no DNS knows. */
    private static URI underAnotherName() {
        URI real = sim.pbxUrl();
        return URI.create(real.getScheme() + "://pbx.dialgate.invalid:" + real.getPort() + real.getRawPath());
    }

    @Test
    void shouldConnectToTheAddressTheResolverApprovesForEveryRequest() {
        AtomicInteger asked = new AtomicInteger();
        HostResolver toLoopback = host -> {
            asked.incrementAndGet();
            assertThat(host).isEqualTo("pbx.dialgate.invalid");
            return InetAddress.getLoopbackAddress();
        };
        try (DaktelaClients clients = DaktelaClients.create(DaktelaClientOptions.builder().hostResolver(toLoopback).build())) {
            DaktelaClient alice = clients.forUser(underAnotherName(), AccessToken.of(token));
            assertThat(alice.whoAmI().user()).isPresent();
            assertThat(alice.whoAmI().user()).isPresent();
        }
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void shouldNeverContactAHostTheResolverRefuses() {
        int before = sim.journal().size();
        HostResolver refuse = host -> {
            throw new UnknownHostException("not allowed");
        };
        try (DaktelaClients clients = DaktelaClients.create(DaktelaClientOptions.builder().hostResolver(refuse).maxRetries(0).build())) {
            DaktelaClient alice = clients.forUser(sim.pbxUrl(), AccessToken.of(token));
            assertThatThrownBy(alice::whoAmI).isInstanceOfSatisfying(DaktelaUnavailableException.class,
                    e -> assertThat(e.mayHaveReachedPbx()).isFalse());
        }
        assertThat(sim.journal()).hasSize(before);
    }
}
