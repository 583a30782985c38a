package io.dialgate.gateway.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Tenants; only the operator API lists across tenants. */
@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, String> {

    /** Up to {@code fetch} tenants with ids after {@code after}, in id order. */
    public List<Tenant> pageAfter(String after, int fetch) {
        return find("id > :after order by id", Parameters.with("after", after)).range(0, fetch - 1).list();
    }
}
