package io.dialgate.gateway.catalog;

import io.dialgate.client.ListQuery;
import io.dialgate.client.Page;
import io.dialgate.client.Pause;
import io.dialgate.client.Queue;
import io.dialgate.client.TicketCategory;
import io.dialgate.gateway.operation.AgentOperationsService;
import io.dialgate.gateway.user.ActingUsers;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CompositeCacheKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What a PBX offers (queues with their types, pauses, ticket categories), read with a user's token and
 * kept per PBX host for a short time ({@code quarkus.cache.caffeine."pbx-catalog".expire-after-write}):
 * these lists change only when an administrator edits the PBX, and checking a ticket's category or an
 * SMS queue must not cost a PBX round trip on every command. A failed read is not cached.
 */
@ApplicationScoped
public class PbxCatalog {

    /** Daktela answers at most 1000 records a page; a PBX with more queues than that is not a case we meet. */
    private static final ListQuery ALL = ListQuery.builder().take(ListQuery.MAX_TAKE).build();

    private final AgentOperationsService operations;
    private final ActingUsers actingUsers;
    private final Cache cache;

    public PbxCatalog(AgentOperationsService operations, ActingUsers actingUsers, @CacheName("pbx-catalog") Cache cache) {
        this.operations = operations;
        this.actingUsers = actingUsers;
        this.cache = cache;
    }

    /** The queues of the user's PBX, as the user reads them. */
    public Uni<List<Queue>> queues(String tenantId, String userId) {
        return cached(tenantId, userId, "queues", "queue list read",
                c -> c.queues().listAsync(ALL).map(Page::data));
    }

    /** The pauses of the user's PBX. */
    public Uni<List<Pause>> pauses(String tenantId, String userId) {
        return cached(tenantId, userId, "pauses", "pause list read",
                c -> c.pauses().listAsync(ALL).map(Page::data));
    }

    /** The ticket categories of the user's PBX. */
    public Uni<List<TicketCategory>> ticketCategories(String tenantId, String userId) {
        return cached(tenantId, userId, "ticket-categories", "ticket category read",
                c -> c.ticketCategories().listAsync(ALL).map(Page::data));
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<List<T>> cached(String tenantId, String userId, String what, String operation,
            java.util.function.Function<io.dialgate.client.DaktelaClient, Uni<List<T>>> read) {
        return actingUsers.find(tenantId, userId).chain(user -> cache.getAsync(
                new CompositeCacheKey(tenantId, user.pbxHostId(), what),
                key -> operations.asUser(tenantId, userId, operation, read)))
                .map(list -> (List<T>) list);
    }
}
