package io.dialgate.gateway.user;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Users; tenant-scoped queries take the tenant first, cross-tenant ones say so in their names. */
@ApplicationScoped
public class PbxUserRepository implements PanacheRepositoryBase<PbxUser, String> {

    public Optional<PbxUser> findByIdForTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }

    public Optional<PbxUser> findByLoginForTenant(String tenantId, String pbxHostId, String login) {
        return find("tenantId = ?1 and pbxHostId = ?2 and login = ?3", tenantId, pbxHostId, login).firstResultOptional();
    }

    /** Up to {@code fetch} of the tenant's users after {@code after}, in id order. */
    public List<PbxUser> pageForTenant(String tenantId, String after, int fetch) {
        return find("tenantId = ?1 and id > ?2 order by id", tenantId, after).range(0, fetch - 1).list();
    }

    /** Rotation: a batch of users of any tenant whose token is sealed with another key than {@code activeKeyId}. */
    public List<PbxUser> findSealedWithOtherKeyAcrossTenants(String activeKeyId, int batch) {
        return find("tokenKeyId <> ?1 order by id", activeKeyId).range(0, batch - 1).list();
    }
}
