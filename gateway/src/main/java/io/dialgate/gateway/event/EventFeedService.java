package io.dialgate.gateway.event;

import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a tenant's events for the cursor feed and the SSE stream. The cursor is the last event id: ids
 * sort by creation time. Queries live here rather than in {@link EventRepository} so the feed's optional
 * filters stay beside their only user; every one is filtered by tenant.
 */
@ApplicationScoped
public class EventFeedService {

    private final EventRepository events;

    public EventFeedService(EventRepository events) {
        this.events = events;
    }

    /** Up to {@code limit + 1} events after the cursor, optionally of one type and one user, in id order. */
    @Transactional
    public List<Event> page(String tenantId, String after, int limit, Optional<String> type, Optional<String> userId) {
        StringBuilder query = new StringBuilder("tenantId = :tenant and id > :after");
        Parameters params = Parameters.with("tenant", tenantId).and("after", after);
        type.ifPresent(t -> {
            query.append(" and type = :type");
            params.and("type", t);
        });
        userId.ifPresent(u -> {
            query.append(" and userId = :user");
            params.and("user", u);
        });
        return events.find(query.append(" order by id").toString(), params).range(0, limit).list();
    }

    /** Events with ids below the cursor created since {@code since}: candidates for late commits. */
    @Transactional
    public List<Event> createdSinceUpTo(String tenantId, Instant since, String upTo, int fetch) {
        return events.find("tenantId = ?1 and createdAt >= ?2 and id <= ?3 order by id", tenantId, since, upTo)
                .range(0, fetch - 1).list();
    }

    /** The tenant's newest event id, or the empty cursor; a stream without Last-Event-ID starts there. */
    @Transactional
    public String latestId(String tenantId) {
        return events.find("tenantId = ?1 order by id desc", tenantId).firstResultOptional().map(e -> e.id).orElse("");
    }
}
