package io.dialgate.gateway.ticket;

import io.dialgate.client.DaktelaNotFoundException;
import io.dialgate.client.ListQuery;
import io.dialgate.client.Page;
import io.dialgate.client.Ticket;
import io.dialgate.client.TicketCategory;
import io.dialgate.client.TicketFields;
import io.dialgate.gateway.catalog.PbxCatalog;
import io.dialgate.gateway.common.Blocking;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.operation.AgentOperationsService;
import io.dialgate.gateway.user.PbxUserService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * A user's tickets on its PBX: created for the user (Daktela's {@code user} is the user's login), listed,
 * and changed only while assigned to the user, so one user of a tenant cannot touch another's tickets
 * through the gateway. A category is checked against the PBX's categories before anything is sent.
 */
@ApplicationScoped
public class TicketService {

    private final AgentOperationsService operations;
    private final PbxCatalog catalog;
    private final PbxUserService users;

    public TicketService(AgentOperationsService operations, PbxCatalog catalog, PbxUserService users) {
        this.operations = operations;
        this.catalog = catalog;
        this.users = users;
    }

    /** What a new ticket carries; stage and priority default to OPEN and MEDIUM. */
    public record NewTicket(String title, String category, String stage, String priority, String description,
            String contact, Map<String, List<String>> customFields) {
    }

    /** A change: null fields stay as they are; {@code comment} adds a comment activity to the ticket. */
    public record TicketChange(String stage, String priority, String user, List<String> statuses, String comment) {

        boolean changesFields() {
            return stage != null || priority != null || user != null || statuses != null;
        }
    }

    /** One page of tickets and the offset of the next, or null on the last page. */
    public record TicketPage(List<Ticket> tickets, Integer next) {
    }

    public Uni<Ticket> create(String tenantId, String userId, NewTicket ticket) {
        return login(tenantId, userId).chain(login -> checkCategory(tenantId, userId, ticket.category())
                .chain(() -> operations.asUser(tenantId, userId, "ticket creation", c -> c.tickets().createAsync(
                        TicketFields.of(ticket.title(), ticket.category()).user(login)
                                .stage(ticket.stage() == null ? "OPEN" : ticket.stage())
                                .priority(ticket.priority() == null ? "MEDIUM" : ticket.priority())
                                .description(ticket.description()).contact(ticket.contact())
                                .customFields(ticket.customFields()).build()))));
    }

    public Uni<TicketPage> list(String tenantId, String userId, String stage, int offset, int limit) {
        return login(tenantId, userId).chain(login -> {
            ListQuery.Builder query = ListQuery.builder().filter("user", login).sort("name", ListQuery.Direction.DESC)
                    .skip(offset).take(limit + 1);
            if (stage != null) {
                query.filter("stage", stage);
            }
            return operations.asUser(tenantId, userId, "ticket list read", c -> c.tickets().listAsync(query.build()));
        }).map((Page<Ticket> page) -> {
            List<Ticket> rows = page.data();
            boolean more = rows.size() > limit;
            return new TicketPage(more ? rows.subList(0, limit) : rows, more ? offset + limit : null);
        });
    }

    public Uni<Ticket> change(String tenantId, String userId, String ticketId, TicketChange change) {
        return login(tenantId, userId).chain(login -> own(tenantId, userId, login, ticketId)).chain(ticket -> {
            Uni<Void> commented = change.comment() == null ? Uni.createFrom().voidItem()
                    : operations.asUser(tenantId, userId, "ticket comment",
                            c -> c.tickets().commentAsync(ticketId, "Comment", change.comment())).replaceWithVoid();
            if (!change.changesFields()) {
                return commented.chain(() -> operations.asUser(tenantId, userId, "ticket read",
                        c -> c.tickets().getAsync(ticketId)));
            }
            TicketFields fields = TicketFields.change().stage(change.stage()).priority(change.priority())
                    .user(change.user()).statuses(change.statuses()).build();
            return commented.chain(() -> operations.asUser(tenantId, userId, "ticket update",
                    c -> c.tickets().updateAsync(ticketId, fields)))
                    // A refusal of the whole record (no field named) is the category's rule against this change.
                    .onFailure(Errors.PbxRejectedException.class).transform(e -> ((Errors.PbxRejectedException) e)
                            .fieldErrors().isEmpty() ? new Errors.PbxConflictException("ticket_change_refused", e.getMessage()) : e);
        });
    }

    /** The ticket when it is assigned to this user; a 404 for any other, so other users' tickets stay unseen. */
    private Uni<Ticket> own(String tenantId, String userId, String login, String ticketId) {
        return operations.asUser(tenantId, userId, "ticket read", c -> c.tickets().getAsync(ticketId)
                .onFailure(DaktelaNotFoundException.class).transform(e -> new Errors.NotFoundException("ticket", ticketId)))
                .map(ticket -> {
                    if (!ticket.user().map(login::equals).orElse(false)) {
                        throw new Errors.NotFoundException("ticket", ticketId);
                    }
                    return ticket;
                });
    }

    private Uni<Void> checkCategory(String tenantId, String userId, String category) {
        return catalog.ticketCategories(tenantId, userId).map(categories -> {
            List<String> names = categories.stream().map(TicketCategory::name).toList();
            if (!names.contains(category)) {
                throw new Errors.ValidationException("category", "unknown ticket category '" + category + "'; the PBX has "
                        + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
            return null;
        }).replaceWithVoid();
    }

    private Uni<String> login(String tenantId, String userId) {
        return Blocking.call(() -> users.get(tenantId, userId).login);
    }
}
