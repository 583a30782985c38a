package io.dialgate.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Tickets: create, read, list, partial update, close, delete and comment. A create is never retried
 * automatically (the PBX numbers each ticket, so a lost answer retried would make two); reads are,
 * per the retry policy in the README.
 *
 * <p>Daktela refuses bad fields with {@link DaktelaValidationException} carrying its form errors
 * ({@code fieldErrors()}), and a close that the category forbids (a status is required, child tickets
 * are open) the same way with its message.
 */
public final class Tickets {

    private static final String ENDPOINT = "tickets";

    private final Transport transport;
    private final AccessToken token;
    private final Records<Ticket> records;

    Tickets(Transport transport, AccessToken token) {
        this.transport = transport;
        this.token = token;
        this.records = new Records<>(transport, token, ENDPOINT, Ticket::from);
    }

    /** Creates a ticket ({@code title} and {@code category} required); returns it with its number. */
    public Ticket create(TicketFields ticket) {
        return createAsync(ticket).await().indefinitely();
    }

    /** {@link #create(TicketFields)} without blocking; never retried. */
    public Uni<Ticket> createAsync(TicketFields ticket) {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(ticket.title(), "title");
        Objects.requireNonNull(ticket.category(), "category");
        return transport.send(Request.create(ENDPOINT, ticket.toJson()), token).map(Ticket::from);
    }

    /** Changes the given fields only ({@code PUT tickets/{name}.json}); returns the ticket as it now is. */
    public Ticket update(String name, TicketFields change) {
        return updateAsync(name, change).await().indefinitely();
    }

    /** {@link #update(String, TicketFields)} without blocking. */
    public Uni<Ticket> updateAsync(String name, TicketFields change) {
        ObjectNode body = Objects.requireNonNull(change, "change").toJson();
        return transport.send(Request.command("PUT", ENDPOINT, Objects.requireNonNull(name, "name"), body), token)
                .map(Ticket::from);
    }

    /** Closes a ticket, setting {@code statuses} when given (a category may require one to close). */
    public Ticket close(String name, List<String> statuses) {
        return closeAsync(name, statuses).await().indefinitely();
    }

    /** {@link #close(String, List)} without blocking. */
    public Uni<Ticket> closeAsync(String name, List<String> statuses) {
        TicketFields.Builder change = TicketFields.change().stage("CLOSE");
        if (statuses != null && !statuses.isEmpty()) {
            change.statuses(statuses);
        }
        return updateAsync(name, change.build());
    }

    /** Deletes a ticket. */
    public void delete(String name) {
        deleteAsync(name).await().indefinitely();
    }

    /** {@link #delete(String)} without blocking. */
    public Uni<Void> deleteAsync(String name) {
        return transport.send(Request.command("DELETE", ENDPOINT, Objects.requireNonNull(name, "name"), null), token)
                .replaceWithVoid();
    }

    /**
     * Adds a comment to a ticket: an activity of type {@code ""} linked to the ticket, which Daktela stores
     * closed. Never retried.
     */
    public Activity comment(String name, String title, String text) {
        return commentAsync(name, title, text).await().indefinitely();
    }

    /** {@link #comment(String, String, String)} without blocking; never retried. */
    public Uni<Activity> commentAsync(String name, String title, String text) {
        ObjectNode body = Json.object();
        body.put("type", "");
        body.put("ticket", Objects.requireNonNull(name, "name"));
        body.put("title", title == null ? "" : title);
        body.put("description", Objects.requireNonNull(text, "text"));
        body.put("action", "OPEN");
        return transport.send(Request.create("activities", body), token).map(Activity::from);
    }

    /** @throws DaktelaNotFoundException when there is no such ticket */
    public Ticket get(String name) {
        return records.get(name);
    }

    /** {@link #get(String)} without blocking. */
    public Uni<Ticket> getAsync(String name) {
        return records.getAsync(name);
    }

    /** One page of tickets. */
    public Page<Ticket> list(ListQuery query) {
        return records.list(query);
    }

    /** {@link #list(ListQuery)} without blocking. */
    public Uni<Page<Ticket>> listAsync(ListQuery query) {
        return records.listAsync(query);
    }

    /** Every matching ticket as a sequential, lazy stream. */
    public Stream<Ticket> stream(ListQuery query) {
        return records.stream(query);
    }
}
