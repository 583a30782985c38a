package io.dialgate.gateway.tenant;

import io.dialgate.gateway.common.Errors;
import jakarta.enterprise.context.RequestScoped;

/** The tenant the current request's API key belongs to, set by {@link RequestAuthentication}. */
@RequestScoped
public class TenantContext {

    private String tenantId;

    void set(String tenantId) {
        this.tenantId = tenantId;
    }

    /** The authenticated tenant's id; resources pass it to services as their first argument. */
    public String tenantId() {
        if (tenantId == null) {
            throw new Errors.UnauthenticatedException("No tenant API key on this request");
        }
        return tenantId;
    }
}
