package io.dialgate.gateway.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** The state polling last saw for a user, for the API. */
@ApplicationScoped
public class PolledStateService {

    private final UserStateRepository states;

    public PolledStateService(UserStateRepository states) {
        this.states = states;
    }

    /**
     * A polled state: the merged state document, its hash and when it was seen. {@code stale} is true while the
     * user's polls fail (the PBX answers errors), with the last of them in {@code lastPollError}.
     */
    public record Polled(ObjectNode state, String hash, Instant seenAt, boolean stale, String lastPollError) {
    }

    /** A polled state and whose it is. */
    public record PolledUser(String userId, Polled polled) {
    }

    /** Up to {@code limit + 1} of the tenant's polled states after the user id {@code after}, in user id order. */
    @Transactional
    public java.util.List<PolledUser> page(String tenantId, String after, int limit) {
        return states.pageForTenant(tenantId, after, limit + 1).stream().map(s -> new PolledUser(s.userId, polled(s))).toList();
    }

    private static Polled polled(UserState s) {
        return new Polled(s.state.deepCopy(), s.hash, s.seenAt, s.pollFailures > 0, s.pollFailures > 0 ? s.pollError : null);
    }

    /** Present once polling has recorded at least one snapshot of the user. */
    @Transactional
    public Optional<Polled> find(String tenantId, String userId) {
        return states.findByUserForTenant(tenantId, userId).filter(s -> s.hash != null && s.seenAt != null)
                .map(PolledStateService::polled);
    }
}
