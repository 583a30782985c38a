package io.dialgate.gateway.user;

import io.dialgate.gateway.common.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How polling of a user goes, as the API shows it: read from what the poll loops record in {@code user_state}
 * and from the reachability of the user's PBX host. Read here with SQL rather than through the polling
 * package, which depends on this one.
 */
@ApplicationScoped
public class PollStatus {

    /** The poll state words of the API, in the order they are decided. */
    public enum Status {
        /** The tenant turned monitoring off. */
        not_monitored,
        /** The PBX refused the token; polling waits for a new one. */
        token_invalid,
        /** The user's PBX host does not answer (see {@code pbx.unreachable}). */
        host_unreachable,
        /** Polls keep failing: {@code user.polling_failed} went out and the state is stale. */
        failing,
        /** The last polls failed and the loop backs off; not yet failing. */
        backing_off,
        /** Monitored but not polled yet (no answer recorded). */
        starting,
        polling
    }

    /** One user's figures: its status, the last answered poll and the last poll error. */
    public record View(Status status, Instant lastPollAt, String lastPollError, Instant lastPollErrorAt, Instant failingSince) {
    }

    private record Row(Instant seenAt, int failures, String error, Instant errorAt, Instant failingSince, boolean eventSent,
            boolean hostReachable) {
    }

    private final EntityManager em;

    public PollStatus(EntityManager em) {
        this.em = em;
    }

    /** The figures of the given users of one tenant; call inside a transaction. */
    public Map<String, View> of(String tenantId, Collection<PbxUser> users) {
        Map<String, Row> rows = rows(tenantId, users.stream().map(u -> u.id).toArray(String[]::new));
        Map<String, View> views = new HashMap<>();
        for (PbxUser user : users) {
            views.put(user.id, view(user, rows.get(user.id)));
        }
        return views;
    }

    static View view(PbxUser user, Row row) {
        Instant seenAt = row == null ? null : row.seenAt();
        String error = row == null ? null : row.error();
        Instant errorAt = row == null ? null : row.errorAt();
        Instant failingSince = row == null ? null : row.failingSince();
        Status status;
        if (!user.monitored) {
            status = Status.not_monitored;
        } else if (user.tokenStatus == TokenStatus.invalid) {
            status = Status.token_invalid;
        } else if (row != null && !row.hostReachable()) {
            status = Status.host_unreachable;
        } else if (row != null && row.eventSent()) {
            status = Status.failing;
        } else if (row != null && row.failures() > 0) {
            status = Status.backing_off;
        } else if (seenAt == null) {
            status = Status.starting;
        } else {
            status = Status.polling;
        }
        return new View(status, seenAt, error, errorAt, failingSince);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Row> rows(String tenantId, String[] userIds) {
        Map<String, Row> rows = new HashMap<>();
        if (userIds.length == 0) {
            return rows;
        }
        List<Object[]> result = em.createNativeQuery("""
                SELECT u.id, s.seen_at, coalesce(s.poll_failures, 0), s.poll_error, s.poll_error_at, s.poll_failing_since,
                       coalesce(s.poll_failure_event_sent, false), coalesce(h.reachable, true)
                FROM pbx_user u
                LEFT JOIN user_state s ON s.user_id = u.id
                LEFT JOIN pbx_host_status h ON h.pbx_host_id = u.pbx_host_id
                WHERE u.tenant_id = :tenant AND u.id IN (:ids)""")
                .setParameter("tenant", tenantId).setParameter("ids", List.of(userIds)).getResultList();
        for (Object[] r : result) {
            rows.put((String) r[0], new Row(SqlTimes.instant(r[1]), ((Number) r[2]).intValue(), (String) r[3], SqlTimes.instant(r[4]), SqlTimes.instant(r[5]),
                    (Boolean) r[6], (Boolean) r[7]));
        }
        return rows;
    }
}
