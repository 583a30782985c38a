package io.dialgate.gateway.webhook;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The attempt log of deliveries. */
@ApplicationScoped
public class DeliveryAttemptRepository implements PanacheRepositoryBase<DeliveryAttempt, String> {

    /** Attempts of the given deliveries (of one tenant), oldest first. */
    public List<DeliveryAttempt> forDeliveriesForTenant(String tenantId, List<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        return list("tenantId = ?1 and deliveryId in ?2 order by id", tenantId, deliveryIds);
    }
}
