package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Paging past Daktela's 1000-record page limit. */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PagingTest {

    private static final int PAUSES = 1_100;

    private static SimControl sim;
    private static DaktelaClients clients;
    private static DaktelaClient client;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("paging");
        IntStream.range(0, PAUSES).parallel()
                .forEach(i -> sim.pause(String.format("p%04d", i), i % 2 == 0 ? "wrap" : null, i % 3 == 0));
        clients = DaktelaClients.create();
        client = clients.forUser(sim.pbxUrl(), AccessToken.of(sim.user("alice", "pw", List.of())));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void shouldIterateAllPagesBeyondOneThousand() {
        sim.clearJournal();
        ListQuery q = ListQuery.builder().take(5_000).sort("name", ListQuery.Direction.ASC).build();
        assertThat(q.take()).isEqualTo(1000);
        Set<String> names = new HashSet<>();
        String previous = "";
        for (Pause p : client.pauses().all(q)) {
            assertThat(p.name()).isGreaterThan(previous);
            previous = p.name();
            names.add(p.name());
        }
        assertThat(names).hasSize(PAUSES);
        assertThat(sim.journal("pauses")).hasSize(2);
    }

    @Test
    void shouldReadSecondPageAndTotal() {
        Page<Pause> second = client.pauses().list(ListQuery.builder().skip(1000).take(1000).build());
        assertThat(second.total()).isEqualTo(PAUSES);
        assertThat(second.data()).hasSize(PAUSES - 1000);
    }

    @Test
    void shouldStreamFilteredPagesWithSmallPageSize() {
        ListQuery wraps = ListQuery.builder().filter("type", "wrap").take(300).build();
        assertThat(client.pauses().stream(wraps).count()).isEqualTo(PAUSES / 2);
        assertThat(client.pauses().stream(wraps).allMatch(p -> p.type().orElse("").equals("wrap"))).isTrue();
    }
}
