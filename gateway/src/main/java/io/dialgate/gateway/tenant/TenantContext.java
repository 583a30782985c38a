package io.dialgate.gateway.tenant;

import io.dialgate.gateway.common.Errors;
import jakarta.enterprise.context.RequestScoped;

/** The tenant the current request's API key belongs to, set by {@link RequestAuthentication}. */
@RequestScoped
public class TenantContext {

    private String tenantId;
    private String keyHash;

    void set(String tenantId, String keyHash) {
        this.tenantId = tenantId;
        this.keyHash = keyHash;
    }

    /** The hash of the API key the request came with (never the key itself). */
    public String keyHash() {
        tenantId();
        return keyHash;
    }

    /** The authenticated tenant's id; resources pass it to services as their first argument. */
    public String tenantId() {
        if (tenantId == null) {
            throw new Errors.UnauthenticatedException("No tenant API key on this request");
        }
        return tenantId;
    }
}
