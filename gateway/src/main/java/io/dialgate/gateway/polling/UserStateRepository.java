package io.dialgate.gateway.polling;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;

/** User states; the pollers work across tenants by user id, the API reads per tenant. */
@ApplicationScoped
public class UserStateRepository implements PanacheRepositoryBase<UserState, String> {

    public Optional<UserState> findByUserForTenant(String tenantId, String userId) {
        return find("tenantId = ?1 and userId = ?2", tenantId, userId).firstResultOptional();
    }

    /** The row of a user, locked for update, created empty if missing. */
    public UserState lockOrCreateAcrossTenants(String tenantId, String userId, Instant now) {
        getEntityManager().createNativeQuery("""
                INSERT INTO user_state (user_id, tenant_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING""")
                .setParameter(1, userId).setParameter(2, tenantId).executeUpdate();
        UserState state = findById(userId, LockModeType.PESSIMISTIC_WRITE);
        if (state.state == null || state.state.isEmpty()) {
            state.state = AgentState.empty();
        }
        if (state.createdAt == null) {
            state.createdAt = now;
        }
        return state;
    }
}
