package io.dialgate.gateway.event;

import java.util.List;
import java.util.Optional;

/**
 * The read position of one SSE stream, in commit order ({@link EventFeedService}): each {@link #poll}
 * returns the events after the position and moves it past them. Since the feed reads only events that can
 * no longer be overtaken by a late commit, nothing is skipped and nothing is sent twice, also across a
 * reconnect with {@code Last-Event-ID}. Used by one subscriber at a time (polls are serialised by the
 * stream), so it is not thread-safe.
 */
final class EventStream {

    private static final int PAGE = 500;

    private final String tenantId;
    private final Optional<String> type;
    private final Optional<String> userId;
    private FeedPosition position;

    EventStream(String tenantId, FeedPosition from, Optional<String> type, Optional<String> userId) {
        this.tenantId = tenantId;
        this.position = from;
        this.type = type;
        this.userId = userId;
    }

    /** The events to send now, in order (a full backlog comes page by page). */
    List<Event> poll(EventFeedService feed) {
        List<EventFeedService.Positioned> next = feed.pageAfter(tenantId, position, PAGE, type, userId);
        if (!next.isEmpty()) {
            position = next.get(next.size() - 1).position();
        }
        return next.stream().map(EventFeedService.Positioned::event).toList();
    }
}
