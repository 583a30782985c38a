package io.dialgate.gateway.event;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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

    public int purgeOlderThanAcrossTenants(Instant cutoff, int batch) {
        return getEntityManager().createNativeQuery(
                "DELETE FROM event WHERE id IN (SELECT id FROM event WHERE created_at < ?1 ORDER BY id LIMIT ?2)")
                .setParameter(1, cutoff).setParameter(2, batch).executeUpdate();
    }
}
