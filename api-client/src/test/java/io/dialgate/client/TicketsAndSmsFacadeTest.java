package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Tickets and Sms facades against the simulator. */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TicketsAndSmsFacadeTest {

    private static final Duration ASYNC = Duration.ofSeconds(10);

    private static SimControl sim;
    private static DaktelaClients clients;
    private static DaktelaClient alice;
    private static DaktelaClient boss;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("tickets");
        sim.queue("2000", "out");
        sim.queue("3000", "sms");
        String aliceToken = sim.user("alice", "pw-alice", List.of());
        String bossToken = sim.user("boss", "pw-boss", List.of("alice"));
        sim.ticketStatus("resolved", "Resolved");
        sim.ticketCategory(Map.of("name", "support", "title", "Support", "smsQueue", "3000",
                "statusRequired", "closing_ticket"));
        clients = DaktelaClients.create(DaktelaClientOptions.defaults());
        alice = clients.forUser(sim.pbxUrl(), AccessToken.of(aliceToken));
        boss = clients.forUser(sim.pbxUrl(), AccessToken.of(bossToken));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void shouldCreateUpdateCommentAndCloseATicket() {
        Ticket created = alice.tickets().create(TicketFields.of("Broken router", "support").user("alice")
                .priority("HIGH").customFields(Map.of("order", List.of("A-1"))).build());
        assertThat(created.name()).isNotBlank();
        assertThat(created.category()).isEqualTo("support");
        assertThat(created.user()).contains("alice");
        assertThat(created.stage()).isEqualTo("OPEN");
        assertThat(created.priority()).isEqualTo("HIGH");
        assertThat(created.customFields()).containsEntry("order", List.of("A-1"));
        assertThat(created.created()).isPresent();

        Ticket waiting = alice.tickets().update(created.name(), TicketFields.change().stage("WAIT").build());
        assertThat(waiting.stage()).isEqualTo("WAIT");
        assertThat(waiting.title()).isEqualTo("Broken router");

        Activity comment = alice.tickets().comment(created.name(), "Call", "Customer called back");
        assertThat(comment.isClosed()).isTrue();

        var refused = catchThrowableOfType(DaktelaValidationException.class,
                () -> alice.tickets().close(created.name(), List.of()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("A status is required");
        Ticket closed = alice.tickets().closeAsync(created.name(), List.of("resolved")).await().atMost(ASYNC);
        assertThat(closed.isClosed()).isTrue();
        assertThat(closed.closed()).isPresent();
        assertThat(closed.statuses()).containsExactly("resolved");

        assertThat(alice.tickets().get(created.name()).stage()).isEqualTo("CLOSE");
        Page<Ticket> mine = alice.tickets().list(ListQuery.builder().filter("user", "alice").build());
        assertThat(mine.data()).extracting(Ticket::name).contains(created.name());
    }

    @Test
    void shouldMapBadTicketFieldsAndMissingTickets() {
        var bad = catchThrowableOfType(DaktelaValidationException.class,
                () -> alice.tickets().create(TicketFields.of("x", "nope").priority("URGENT").build()));
        assertThat(bad.fieldErrors()).containsKeys("category", "priority");
        catchThrowableOfType(DaktelaNotFoundException.class, () -> alice.tickets().get("987654"));
        Ticket gone = alice.tickets().create(TicketFields.of("Temp", "support").build());
        alice.tickets().delete(gone.name());
        catchThrowableOfType(DaktelaNotFoundException.class, () -> alice.tickets().get(gone.name()));
    }

    @Test
    void shouldReadCategoriesAndStatuses() {
        TicketCategory support = alice.ticketCategories().get("support");
        assertThat(support.smsQueue()).contains("3000");
        assertThat(support.statusRequired()).isEqualTo("closing_ticket");
        assertThat(alice.ticketStatuses().list(ListQuery.builder().build()).data()).extracting(TicketStatus::name)
                .containsExactly("resolved");
    }

    @Test
    void shouldSendSmsWithAChosenNameOnceAndForAnotherUser() {
        alice.userSessions().queue("3000", true, 0);
        Activity sent = alice.sms().send(SmsMessage.of("+420600100200", "Your parcel is on its way", "3000")
                .withName("dg_test_sms_1"));
        assertThat(sent.name()).isEqualTo("dg_test_sms_1");
        assertThat(sent.sms()).get().satisfies(s -> {
            assertThat(s.number()).isEqualTo("+420600100200");
            assertThat(s.isInbound()).isFalse();
        });
        var again = catchThrowableOfType(DaktelaValidationException.class, () -> alice.sms()
                .send(SmsMessage.of("+420600100200", "Your parcel is on its way", "3000").withName("dg_test_sms_1")));
        assertThat(again.fieldErrors()).containsKey("name");
        assertThat(sim.journal("activities").stream().filter(e -> e.path("status").asInt() == 201).count())
                .isGreaterThanOrEqualTo(1);

        Activity forAlice = boss.sms().sendAsync(SmsMessage.of("+420600100201", "Hi", "3000").forUser("alice"))
                .await().atMost(ASYNC);
        assertThat(forAlice.user()).contains("alice");
        var notSms = catchThrowableOfType(DaktelaValidationException.class,
                () -> alice.sms().send(SmsMessage.of("+420600100202", "Hi", "2000")));
        assertThat(notSms.getMessage()).contains("not an SMS queue");
    }

    @Test
    void shouldSeeAnInboundSmsAndTicketsInPullData() {
        PullData first = alice.appPullData("");
        assertThat(first.tickets()).isPresent();
        sim.inboundSms("alice", "+420777123456", "Hello?", "3000");
        alice.tickets().create(TicketFields.of("From pull", "support").user("alice").build());
        PullData next = alice.appPullData(first.hash());
        assertThat(next.activities().orElseThrow()).anySatisfy(a ->
                assertThat(a.sms()).get().satisfies(s -> assertThat(s.isInbound()).isTrue()));
        assertThat(next.tickets().orElseThrow()).extracting(TicketSummary::title).contains("From pull");
    }
}
