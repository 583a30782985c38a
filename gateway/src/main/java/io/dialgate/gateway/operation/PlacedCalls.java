package io.dialgate.gateway.operation;

import io.dialgate.client.Activity;
import io.dialgate.client.CallRecord;
import io.dialgate.client.DaktelaException;
import io.dialgate.client.ListQuery;
import io.dialgate.client.Page;
import io.dialgate.gateway.pbx.PbxErrorTranslator;
import io.dialgate.gateway.user.ActingUsers;
import io.dialgate.gateway.user.PbxUserService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds, among a user's activities on the PBX, the call that a dial whose answer was lost has placed: an
 * outbound CALL of that user (or of the login it dialled for), in that queue, to that number, created after the
 * dial was claimed and not yet credited to another key. Blocking (it runs where the idempotency store runs, on a worker).
 *
 * <p>Activity times are PBX-local and the PBX's zone is not always known, so "created after the claim"
 * is measured on the PBX's own clock: the page's {@code _time} minus the claim's age.
 */
@ApplicationScoped
public class PlacedCalls {

    /** PBX times have whole seconds, and the claim is written just before the dial leaves. */
    static final Duration CLOCK_SLACK = Duration.ofSeconds(5);
    private static final int RECENT = 50;

    private final ActingUsers actingUsers;
    private final PbxUserService users;
    private final Clock clock;

    public PlacedCalls(ActingUsers actingUsers, PbxUserService users, Clock clock) {
        this.actingUsers = actingUsers;
        this.users = users;
        this.clock = clock;
    }

    public Optional<Activity> find(String tenantId, String userId, String number, String queue, Duration sinceClaim,
            Predicate<String> alreadyCredited) {
        return find(tenantId, userId, null, number, queue, sinceClaim, alreadyCredited);
    }

    /**
     * As {@link #find(String, String, String, String, Duration, Predicate)}, for a dial the user made for another
     * PBX login ({@code forLogin}, null for the user itself): that login's call is looked for, through the user's
     * own token, which sees the activities of the logins it has rights over. Looking for the user's own calls
     * would miss the one placed and could credit the user's own call to the other login's request.
     */
    public Optional<Activity> find(String tenantId, String userId, String forLogin, String number, String queue,
            Duration sinceClaim, Predicate<String> alreadyCredited) {
        String login = forLogin != null ? forLogin : users.get(tenantId, userId).login;
        ListQuery recent = ListQuery.builder().filter("type", "CALL").filter("user", login).filter("queue", queue)
                .sort("time", ListQuery.Direction.DESC).take(RECENT).build();
        Page<Activity> page;
        try {
            page = actingUsers.find(tenantId, userId)
                    .chain(user -> user.client().activities().listAsync(recent))
                    .await().indefinitely();
        } catch (DaktelaException e) {
            throw PbxErrorTranslator.translate(e, "look-up of the call a lost dial may have placed");
        }
        LocalDateTime pbxNow = page.serverTime().orElseGet(() -> LocalDateTime.now(clock));
        LocalDateTime claimedAt = pbxNow.minus(sinceClaim).minus(CLOCK_SLACK);
        return page.data().stream()
                .filter(Activity::isCall)
                .filter(a -> queue.equals(a.queue()) && a.user().map(login::equals).orElse(true))
                .filter(a -> a.time().map(t -> !t.isBefore(claimedAt)).orElse(false))
                .filter(a -> a.call().map(c -> isOutboundTo(c, number)).orElse(true))
                .filter(a -> !alreadyCredited.test(a.name()))
                // The first call placed after the claim is the dial's; any later one was another request's.
                .min(Comparator.comparing(a -> a.time().orElseThrow()));
    }

    private static boolean isOutboundTo(CallRecord call, String number) {
        String wanted = digits(number);
        return !"in".equalsIgnoreCase(call.direction())
                && (call.did().map(PlacedCalls::digits).map(wanted::equals).orElse(false)
                        || call.clid().map(PlacedCalls::digits).map(wanted::equals).orElse(false));
    }

    private static String digits(String number) {
        return number.replaceAll("[^0-9*#]", "");
    }
}
