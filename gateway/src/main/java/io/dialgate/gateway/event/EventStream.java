package io.dialgate.gateway.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The read position of one SSE stream. Each {@link #poll} returns the events after the cursor, plus any
 * event that committed late: ids are assigned at append, so a transaction that commits after a later one
 * can surface an id below the cursor. Ids sent within the lookback are remembered so nothing is sent twice.
 * Used by one subscriber at a time (polls are serialised by the stream), so it is not thread-safe.
 */
final class EventStream {

    private static final int PAGE = 500;

    private final String tenantId;
    private final Optional<String> type;
    private final Optional<String> userId;
    private final Duration lookback;
    private final Deque<Sent> recent = new ArrayDeque<>();
    private final Set<String> recentIds = new HashSet<>();
    private String cursor;
    private Instant cursorCreatedAt;
    private boolean primed;

    private record Sent(String id, Instant createdAt) {
    }

    /**
     * A stream reading after {@code cursor} ("" for the beginning). {@code connectedAt} starts the late-commit
     * window when resuming: events at or below the cursor that already exist then were seen by the client on
     * its previous connection, so they are marked sent, not resent.
     */
    EventStream(String tenantId, String cursor, Optional<String> type, Optional<String> userId, Duration lookback,
            Instant connectedAt) {
        this.tenantId = tenantId;
        this.cursor = cursor;
        this.cursorCreatedAt = cursor.isEmpty() ? null : connectedAt;
        this.primed = cursor.isEmpty();
        this.type = type;
        this.userId = userId;
        this.lookback = lookback;
    }

    /** The events to send now, in order: late arrivals first, then new ones (a full backlog comes page by page). */
    List<Event> poll(EventFeedService feed) {
        List<Event> out = new ArrayList<>();
        if (!primed) {
            feed.createdSinceUpTo(tenantId, cursorCreatedAt.minus(lookback), cursor, PAGE).forEach(this::remember);
            primed = true;
        } else if (cursorCreatedAt != null) {
            for (Event e : feed.createdSinceUpTo(tenantId, cursorCreatedAt.minus(lookback), cursor, PAGE)) {
                if (!recentIds.contains(e.id) && matches(e)) {
                    out.add(e);
                    remember(e);
                }
            }
        }
        List<Event> next = feed.page(tenantId, cursor, PAGE - 1, type, userId);
        for (Event e : next) {
            out.add(e);
            remember(e);
        }
        if (!next.isEmpty()) {
            Event last = next.get(next.size() - 1);
            cursor = last.id;
            cursorCreatedAt = last.createdAt;
        }
        prune();
        return out;
    }

    private boolean matches(Event e) {
        return type.map(t -> t.equals(e.type)).orElse(true) && userId.map(u -> u.equals(e.userId)).orElse(true);
    }

    private void remember(Event e) {
        recent.addLast(new Sent(e.id, e.createdAt));
        recentIds.add(e.id);
    }

    private void prune() {
        if (cursorCreatedAt == null) {
            return;
        }
        Instant horizon = cursorCreatedAt.minus(lookback).minus(lookback);
        while (!recent.isEmpty() && recent.peekFirst().createdAt().isBefore(horizon)) {
            recentIds.remove(recent.removeFirst().id());
        }
    }
}
