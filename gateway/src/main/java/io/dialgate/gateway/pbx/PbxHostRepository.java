package io.dialgate.gateway.pbx;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** PBX hosts; every query is filtered by tenant. */
@ApplicationScoped
public class PbxHostRepository implements PanacheRepositoryBase<PbxHost, String> {

    public Optional<PbxHost> findByIdForTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }

    public boolean existsByNameForTenant(String tenantId, String name) {
        return count("tenantId = ?1 and name = ?2", tenantId, name) > 0;
    }

    /** Up to {@code fetch} of the tenant's hosts with ids after {@code after}, in id order. */
    public List<PbxHost> pageForTenant(String tenantId, String after, int fetch) {
        return find("tenantId = ?1 and id > ?2 order by id", tenantId, after).range(0, fetch - 1).list();
    }
}
