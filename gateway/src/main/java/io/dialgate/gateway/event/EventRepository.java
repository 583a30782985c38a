package io.dialgate.gateway.event;

import io.dialgate.gateway.common.ColumnArrays;
import io.dialgate.gateway.common.SqlTimes;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Events; the feed reads per tenant after a cursor, retention purges across tenants in batches. */
@ApplicationScoped
public class EventRepository implements PanacheRepositoryBase<Event, String> {

    public List<Event> pageForTenant(String tenantId, String after, int fetch) {
        return find("tenantId = ?1 and id > ?2 order by id", tenantId, after).range(0, fetch - 1).list();
    }

    public List<Event> findByUserForTenant(String tenantId, String userId, String after, int fetch) {
        return find("tenantId = ?1 and userId = ?2 and id > ?3 order by id", tenantId, userId, after).range(0, fetch - 1).list();
    }

    /**
     * The events of these ids, of any tenant (the dispatcher, and the feed after its tenant-scoped query). One
     * statement whatever the number of ids: a query with {@code id in (...)} is translated again for every new list
     * length, which was most of a webhook claim's cost.
     */
    @SuppressWarnings("unchecked")
    public List<Event> byIdsAcrossTenants(Collection<String> ids) {
        return getEntityManager().createNativeQuery("SELECT * FROM event WHERE id = ANY(CAST(?1 AS text[]))", Event.class)
                .setParameter(1, ids.toArray(String[]::new)).getResultList();
    }

    /**
     * Inserts new events in one statement, their values as arrays paired up by unnest(): a burst of poll answers
     * makes hundreds of events per transaction, and one insert each (even JDBC-batched, through the entity) was the
     * largest part of recording them.
     */
    public void insertAll(List<Event> rows) {
        ColumnArrays.of(rows)
                .column(String[]::new, e -> e.id).column(String[]::new, e -> e.tenantId).column(String[]::new, e -> e.userId)
                .column(String[]::new, e -> e.pbxHostId).column(String[]::new, e -> e.type).column(Long[]::new, e -> e.sequence)
                .column(Timestamp[]::new, e -> SqlTimes.parameter(e.occurredAt)).column(String[]::new, e -> e.data.toString())
                .column(Timestamp[]::new, e -> SqlTimes.parameter(e.createdAt)).column(String[]::new, e -> e.traceparent)
                .bind(getEntityManager().createNativeQuery("""
                        INSERT INTO event (id, tenant_id, user_id, pbx_host_id, type, sequence, occurred_at, data, created_at,
                                           traceparent)
                        SELECT id, tenant_id, user_id, pbx_host_id, type, sequence, occurred_at, CAST(data AS jsonb), created_at,
                               traceparent
                        FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]),
                                    CAST(?5 AS text[]), CAST(?6 AS bigint[]), CAST(?7 AS timestamptz[]), CAST(?8 AS text[]),
                                    CAST(?9 AS timestamptz[]), CAST(?10 AS text[]))
                             AS a(id, tenant_id, user_id, pbx_host_id, type, sequence, occurred_at, data, created_at,
                                  traceparent)"""))
                .executeUpdate();
    }

    public int purgeOlderThanAcrossTenants(Instant cutoff, int batch) {
        return getEntityManager().createNativeQuery(
                "DELETE FROM event WHERE id IN (SELECT id FROM event WHERE created_at < ?1 ORDER BY id LIMIT ?2)")
                .setParameter(1, cutoff).setParameter(2, batch).executeUpdate();
    }
}
