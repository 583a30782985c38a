package io.dialgate.simulator.ticket;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.pbx.StateSection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One instance's tickets and categories (statuses are its statuses.json records). Lives as an extension of its instance (dropped on
 * reset) and, when enabled, adds each user's {@code tickets} section to the user's pull-data state.
 * Touched only under the instance lock.
 */
final class TicketBook implements StateSection {

    private final boolean pullSection;
    private final int recentClosed;
    final Map<String, TicketCategory> categories = new LinkedHashMap<>();
    private final TreeMap<Long, Ticket> tickets = new TreeMap<>();
    // Tickets by assignee, so rebuilding one user's state does not scan every ticket of the instance.
    private final Map<String, TreeMap<Long, Ticket>> byUser = new HashMap<>();
    private long lastName;

    TicketBook(boolean pullSection, int recentClosed) {
        this.pullSection = pullSection;
        this.recentClosed = recentClosed;
    }

    long nextName() {
        return ++lastName;
    }

    void add(Ticket ticket) {
        tickets.put(ticket.name, ticket);
        assign(ticket, null, ticket.user);
    }

    /** Files the ticket under its new assignee; call after changing {@code ticket.user}. */
    void assign(Ticket ticket, String from, String to) {
        if (from != null) {
            TreeMap<Long, Ticket> old = byUser.get(from);
            if (old != null) {
                old.remove(ticket.name);
            }
        }
        if (to != null) {
            byUser.computeIfAbsent(to, u -> new TreeMap<>()).put(ticket.name, ticket);
        }
    }

    void remove(Ticket ticket) {
        tickets.remove(ticket.name);
        assign(ticket, ticket.user, null);
    }

    Optional<Ticket> ticket(String name) {
        try {
            return Optional.ofNullable(tickets.get(Long.parseLong(name)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    List<Ticket> all() {
        return List.copyOf(tickets.values());
    }

    boolean hasOpenChildren(Ticket parent) {
        return tickets.values().stream().anyMatch(t -> Long.valueOf(parent.name).equals(t.parentTicket) && t.isOpen());
    }

    @Override
    public void addTo(String login, ObjectNode sections) {
        if (!pullSection) {
            return;
        }
        List<Ticket> shown = new ArrayList<>();
        List<Ticket> closed = new ArrayList<>();
        for (Ticket ticket : byUser.getOrDefault(login, new TreeMap<>()).values()) {
            (ticket.isOpen() ? shown : closed).add(ticket);
        }
        closed.sort(Comparator.comparing((Ticket t) -> t.closed == null ? "" : t.closed).thenComparingLong(t -> t.name));
        shown.addAll(closed.subList(Math.max(0, closed.size() - recentClosed), closed.size()));
        shown.sort(Comparator.comparingLong(t -> t.name));
        ArrayNode list = sections.putArray("tickets");
        for (Ticket ticket : shown) {
            list.addObject().put("name", ticket.name).put("title", ticket.title).put("stage", ticket.stage)
                    .put("priority", ticket.priority).put("category", ticket.category).put("edited", ticket.edited)
                    .put("closed", ticket.closed);
        }
    }
}
