package io.dialgate.gateway.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** API keys, looked up by hash on every tenant request. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Optional<ApiKey> findActiveByHash(String keyHash) {
        return find("keyHash = ?1 and revokedAt is null", keyHash).firstResultOptional();
    }

    public Optional<ApiKey> findByIdForTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }
}
