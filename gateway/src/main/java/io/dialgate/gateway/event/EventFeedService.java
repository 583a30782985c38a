package io.dialgate.gateway.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a tenant's events for the cursor feed and the SSE stream, in commit order. An event id is taken
 * when the event is appended, but transactions commit in another order, so "the events after id X" could
 * skip one that commits late. So events are ordered by the writing transaction's id, then their own id, and
 * only events of transactions older than every one still open are read: those can no longer change, and an
 * event that commits later always sorts after every position a reader has reached. Every query is filtered
 * by tenant.
 */
@ApplicationScoped
public class EventFeedService {

    /** Events of transactions that can no longer commit behind a reader, after a position, in order. */
    private static final String AFTER = """
            SELECT e.id, e.txid::text FROM event e
            WHERE e.tenant_id = :tenant AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
              AND (e.txid, e.id) > (CAST(:txid AS xid8), :id)%s
            ORDER BY e.txid, e.id
            LIMIT :limit""";

    private final EventRepository events;

    public EventFeedService(EventRepository events) {
        this.events = events;
    }

    /** An event and its position, so a reader can go on after it. */
    record Positioned(Event event, FeedPosition position) {
    }

    /** Up to {@code limit + 1} events after the event {@code after} ("" for the beginning), in commit order. */
    @Transactional
    public List<Event> page(String tenantId, String after, int limit, Optional<String> type, Optional<String> userId) {
        FeedPosition from = after.isEmpty() ? FeedPosition.START : positionOf(tenantId, after);
        return pageAfter(tenantId, from, limit + 1, type, userId).stream().map(Positioned::event).toList();
    }

    /** Up to {@code limit} events after {@code from}, in commit order, with their positions. */
    @Transactional
    @SuppressWarnings("unchecked")
    List<Positioned> pageAfter(String tenantId, FeedPosition from, int limit, Optional<String> type, Optional<String> userId) {
        String filters = type.map(t -> " AND e.type = :type").orElse("") + userId.map(u -> " AND e.user_id = :user").orElse("");
        var query = events.getEntityManager().createNativeQuery(AFTER.formatted(filters))
                .setParameter("tenant", tenantId).setParameter("txid", from.txid()).setParameter("id", from.eventId())
                .setParameter("limit", limit);
        type.ifPresent(t -> query.setParameter("type", t));
        userId.ifPresent(u -> query.setParameter("user", u));
        List<Object[]> rows = query.getResultList();
        return withEvents(rows);
    }

    private List<Positioned> withEvents(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Event> byId = new HashMap<>();
        events.byIdsAcrossTenants(rows.stream().map(r -> (String) r[0]).toList()).forEach(e -> byId.put(e.id, e));
        List<Positioned> page = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Event event = byId.get((String) r[0]);
            if (event != null) {
                page.add(new Positioned(event, new FeedPosition((String) r[1], event.id)));
            }
        }
        return page;
    }

    /** The same, for the events of several tenants at once (the SSE reader of a replica), in commit order. */
    private static final String AFTER_ACROSS_TENANTS = """
            SELECT e.id, e.txid::text FROM event e
            WHERE e.tenant_id IN (:tenants) AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
              AND (e.txid, e.id) > (CAST(:txid AS xid8), :id)
            ORDER BY e.txid, e.id
            LIMIT :limit""";

    /** Up to {@code limit} events of the given tenants after {@code from}, in commit order (crosses tenants by design). */
    @Transactional
    @SuppressWarnings("unchecked")
    List<Positioned> pageAfterAcrossTenants(java.util.Collection<String> tenantIds, FeedPosition from, int limit) {
        List<Object[]> rows = events.getEntityManager().createNativeQuery(AFTER_ACROSS_TENANTS)
                .setParameter("tenants", List.copyOf(tenantIds)).setParameter("txid", from.txid()).setParameter("id", from.eventId())
                .setParameter("limit", limit).getResultList();
        return withEvents(rows);
    }

    /**
     * The position of a tenant's event. An event that is gone (purged by retention) or unknown stands for
     * the place of the oldest remaining event after its id, so a reader resumes with what is left.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    FeedPosition positionOf(String tenantId, String eventId) {
        List<Object> exact = events.getEntityManager().createNativeQuery(
                "SELECT txid::text FROM event WHERE tenant_id = ?1 AND id = ?2")
                .setParameter(1, tenantId).setParameter(2, eventId).getResultList();
        if (!exact.isEmpty()) {
            return new FeedPosition((String) exact.get(0), eventId);
        }
        List<Object> after = events.getEntityManager().createNativeQuery(
                "SELECT min(txid)::text FROM event WHERE tenant_id = ?1 AND id > ?2")
                .setParameter(1, tenantId).setParameter(2, eventId).getResultList();
        String txid = after.isEmpty() || after.get(0) == null ? null : (String) after.get(0);
        // (txid, "") sorts before every event of that transaction, so the reader gets all of it.
        return txid == null ? now() : new FeedPosition(txid, "");
    }

    /** The place after every event that is readable now: a stream without Last-Event-ID starts here. */
    @Transactional
    FeedPosition now() {
        Object xmin = events.getEntityManager().createNativeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
                .getSingleResult();
        // (xmin, "") sorts before every event of transaction xmin or later: those are not readable yet, so new.
        return new FeedPosition((String) xmin, "");
    }
}
