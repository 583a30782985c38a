package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dialgate.client.sim.SimControl;
import io.dialgate.client.sim.SimulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every facade method against the simulator, as a real user would call it. */
@QuarkusTest
@WithTestResource(value = SimulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ClientFacadeTest {

    private static final Duration ASYNC = Duration.ofSeconds(10);

    private static SimControl sim;
    private static DaktelaClients clients;
    private static DaktelaClient alice;
    private static DaktelaClient boss;
    private static String aliceToken;

    @BeforeAll
    static void seed() {
        sim = SimControl.newInstance("facade");
        sim.queue("2000", "out");
        sim.queue("1000", "in");
        sim.queue("3000", "sms");
        sim.pause("lunch", null, false);
        sim.pause("wrap", "wrap", true);
        aliceToken = sim.user("alice", "pw-alice", List.of());
        sim.user("carol", "pw-carol", List.of());
        String bossToken = sim.user("boss", "pw-boss", List.of("alice"));
        clients = DaktelaClients.create(DaktelaClientOptions.defaults());
        alice = clients.forUser(sim.pbxUrl(), AccessToken.of(aliceToken));
        boss = clients.forUser(sim.pbxUrl(), AccessToken.of(bossToken));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void shouldTellWhoTheTokenBelongsTo() {
        WhoAmI me = alice.whoAmI();
        assertThat(me.version()).isNotBlank();
        assertThat(me.user()).get().extracting(User::name).isEqualTo("alice");
        assertThat(boss.whoAmIAsync().await().atMost(ASYNC).user().orElseThrow().name()).isEqualTo("boss");
    }

    @Test
    void shouldLoginRefreshAndRejectBadPassword() {
        DaktelaLogin login = clients.login(sim.pbxUrl());
        LoginResult result = login.login("carol", "pw-carol");
        assertThat(result.refreshToken()).isPresent();
        assertThat(clients.forUser(sim.pbxUrl(), result.accessToken()).whoAmI().user().orElseThrow().name())
                .isEqualTo("carol");

        LoginResult refreshed = login.refresh(result.refreshToken().orElseThrow());
        assertThat(clients.forUser(sim.pbxUrl(), refreshed.accessToken()).whoAmI().user().orElseThrow().name())
                .isEqualTo("carol");
        LoginResult async = login.loginAsync("carol", "pw-carol").await().atMost(ASYNC);
        assertThat(login.refreshAsync(async.refreshToken().orElseThrow()).await().atMost(ASYNC).accessToken().value())
                .isNotBlank();

        var e = catchThrowableOfType(DaktelaUnauthorizedException.class, () -> login.login("carol", "wrong"));
        assertThat(e.getMessage()).doesNotContain("wrong");
        assertThatThrownBy(() -> login.refresh("no-such-refresh-token")).isInstanceOf(DaktelaUnauthorizedException.class);
    }

    @Test
    void shouldLogInToAndOutOfQueues() {
        UserSession in = alice.userSessions().queue("1000", true, 3);
        assertThat(in.user()).isEqualTo("alice");
        assertThat(in.isLoggedIn("1000")).isTrue();
        assertThat(in.queues()).filteredOn(q -> q.name().equals("1000")).singleElement()
                .satisfies(q -> assertThat(q.penalty()).isEqualTo(3));

        UserSession out = alice.userSessions().queueAsync("1000", false, 0).await().atMost(ASYNC);
        assertThat(out.isLoggedIn("1000")).isFalse();
    }

    @Test
    void shouldStartAndEndPauses() {
        UserSession paused = alice.userSessions().pause("lunch");
        assertThat(paused.pause()).get().extracting(PauseState::name).isEqualTo("lunch");
        assertThat(alice.realtimeSessions().get("alice").pause()).contains("lunch");

        UserSession resumed = alice.userSessions().unpause();
        assertThat(resumed.pause()).isEmpty();

        assertThat(alice.userSessions().pauseAsync("wrap").await().atMost(ASYNC).pause()).isPresent();
        assertThat(alice.userSessions().unpauseAsync().await().atMost(ASYNC).pause()).isEmpty();
    }

    @Test
    void shouldDialReadAndCloseACall() {
        alice.userSessions().queue("2000", true, 0);
        Activity dialled = alice.activities().call().dial("+420111222333", "2000");
        assertThat(dialled.isCall()).isTrue();
        assertThat(dialled.queue()).isEqualTo("2000");
        assertThat(dialled.user()).contains("alice");
        CallRecord call = dialled.call().orElseThrow();
        assertThat(call.direction()).isEqualTo("out");

        assertThat(alice.activities().get(dialled.name()).name()).isEqualTo(dialled.name());
        assertThat(alice.activities().getAsync(dialled.name()).await().atMost(ASYNC).isCall()).isTrue();
        assertThat(alice.activities().call(call.idCall()).idCall()).isEqualTo(call.idCall());
        assertThat(alice.activities().callAsync(call.idCall()).await().atMost(ASYNC).direction()).isEqualTo("out");

        Activity closed = alice.activities().close(dialled.name());
        assertThat(closed.isClosed()).isTrue();
        Activity async = alice.activities().call().dialAsync("+420999", "2000").await().atMost(ASYNC);
        assertThat(alice.activities().closeAsync(async.name()).await().atMost(ASYNC).isClosed()).isTrue();
    }

    @Test
    void shouldDialForAnotherUserOnlyWithRights() {
        sim.user("dave", "pw-dave", List.of());
        DaktelaClient dave = clients.forUser(sim.pbxUrl(), AccessToken.of(sim.user("erin", "pw-erin", List.of())));
        alice.userSessions().queue("2000", true, 0);
        boss.userSessions().queue("2000", true, 0);
        Activity forAlice = boss.activities().call().dialFor("alice", "+420555", "2000");
        assertThat(forAlice.user()).contains("alice");
        assertThat(boss.activities().call().dialForAsync("alice", "+420556", "2000").await().atMost(ASYNC).user())
                .contains("alice");
        assertThatThrownBy(() -> dave.activities().call().dialFor("alice", "+420557", "2000"))
                .isInstanceOf(DaktelaForbiddenException.class);
    }

    @Test
    void shouldSendSms() {
        alice.userSessions().queue("3000", true, 0);
        Activity sms = alice.activities().sms("+420777", "3000", "Hello from Dialgate");
        assertThat(sms.type()).isEqualTo("SMS");
        assertThat(sms.sms()).get().extracting(SmsRecord::text).isEqualTo("Hello from Dialgate");
        assertThat(alice.activities().smsAsync("+420778", "3000", "again").await().atMost(ASYNC).sms()).isPresent();
    }

    @Test
    void shouldListActivitiesWithFilterAndPaging() {
        alice.userSessions().queue("3000", true, 0);
        alice.activities().sms("+420700", "3000", "one");
        alice.activities().sms("+420701", "3000", "two");
        ListQuery smsOnly = ListQuery.builder().filter("type", "SMS").take(1).build();
        Page<Activity> page = alice.activities().list(smsOnly);
        assertThat(page.data()).hasSize(1).allMatch(a -> a.type().equals("SMS"));
        assertThat(page.total()).isGreaterThanOrEqualTo(2);
        assertThat(alice.activities().stream(smsOnly).count()).isEqualTo(page.total());
        int n = 0;
        for (Activity a : alice.activities().all(smsOnly)) {
            assertThat(a.type()).isEqualTo("SMS");
            n++;
        }
        assertThat(n).isEqualTo((int) page.total());
        assertThat(alice.activities().listAsync(smsOnly).await().atMost(ASYNC).data()).hasSize(1);
    }

    @Test
    void shouldReadCatalogues() {
        ListQuery all = ListQuery.builder().sort("name", ListQuery.Direction.ASC).build();
        assertThat(alice.pauses().list(all).data()).extracting(Pause::name).containsExactly("lunch", "wrap");
        Pause wrap = alice.pauses().get("wrap");
        assertThat(wrap.type()).contains("wrap");
        assertThat(wrap.paid()).isTrue();
        assertThat(alice.pauses().get("lunch").type()).isEmpty();
        assertThat(alice.pauses().stream(all).map(Pause::name)).containsExactly("lunch", "wrap");

        assertThat(alice.queues().list(all).data()).extracting(Queue::name).containsExactly("1000", "2000", "3000");
        assertThat(alice.queues().get("2000").type()).isEqualTo("out");
        assertThat(alice.queues().getAsync("1000").await().atMost(ASYNC).type()).isEqualTo("in");

        assertThat(alice.users().list(ListQuery.builder().filter("name", "boss").build()).data())
                .extracting(User::name).containsExactly("boss");
        assertThat(alice.users().get("alice").title()).isEqualTo("User alice");
        assertThat(alice.users().all(all)).extracting(User::name).contains("alice", "boss", "carol");

        assertThat(alice.realtimeSessions().list(ListQuery.firstPage()).data()).extracting(RealtimeSession::user)
                .contains("alice");
        assertThat(alice.realtimeSessions().listAsync(ListQuery.firstPage()).await().atMost(ASYNC).data()).isNotEmpty();
    }

    @Test
    void shouldMapUnknownRecordToNotFound() {
        var e = catchThrowableOfType(DaktelaNotFoundException.class, () -> alice.pauses().get("no-such-pause"));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("GET pauses/no-such-pause").doesNotContain(aliceToken);
        assertThatThrownBy(() -> alice.activities().get("no-such-activity")).isInstanceOf(DaktelaNotFoundException.class);
        assertThatThrownBy(() -> alice.activities().call("no-such-call")).isInstanceOf(DaktelaNotFoundException.class);
    }

    @Test
    void shouldShareTransportsPerBaseUrl() {
        int before = clients.transportCount();
        DaktelaClient again = clients.forUser(java.net.URI.create(sim.pbxUrl() + "/"), AccessToken.of(aliceToken));
        clients.login(sim.pbxUrl());
        assertThat(again.pbxBaseUrl()).isEqualTo(sim.pbxUrl());
        assertThat(clients.transportCount()).isEqualTo(before).isPositive();

        try (DaktelaClients own = DaktelaClients.create()) {
            DaktelaClient first = own.forUser(sim.pbxUrl(), AccessToken.of(aliceToken));
            assertThat(first.whoAmI().user()).isPresent();
            own.release(sim.pbxUrl());
            assertThat(own.transportCount()).isZero();
            assertThat(own.forUser(sim.pbxUrl(), AccessToken.of(aliceToken)).whoAmI().user()).isPresent();
        }
        assertThat(again.toString()).doesNotContain(aliceToken);
    }
}
