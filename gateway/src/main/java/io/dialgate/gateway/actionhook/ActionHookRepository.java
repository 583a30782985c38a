package io.dialgate.gateway.actionhook;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Action hooks; the receiver finds a hook by its id alone (the URL is the capability, the signature the proof). */
@ApplicationScoped
public class ActionHookRepository implements PanacheRepositoryBase<ActionHook, String> {

    public Optional<ActionHook> findByIdForTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }

    public Optional<ActionHook> findByIdAcrossTenants(String id) {
        return findByIdOptional(id);
    }

    public List<ActionHook> pageForTenant(String tenantId, String after, int fetch) {
        return find("tenantId = ?1 and id > ?2 order by id", tenantId, after).range(0, fetch - 1).list();
    }
}
