package io.dialgate.gateway.tenant;

import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.ratelimit.TenantRateLimiter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates {@code /admin} with the operator token and {@code /v1} with a tenant API key, then
 * applies the tenant's rate limit. Other paths (health, OpenAPI, inbound action hooks, which carry
 * their own signatures) pass through.
 */
public class RequestAuthentication {

    private final AdminConfig adminConfig;
    private final TenantService tenants;
    private final TenantContext tenantContext;
    private final TenantRateLimiter rateLimiter;

    public RequestAuthentication(AdminConfig adminConfig, TenantService tenants, TenantContext tenantContext,
            TenantRateLimiter rateLimiter) {
        this.adminConfig = adminConfig;
        this.tenants = tenants;
        this.tenantContext = tenantContext;
        this.rateLimiter = rateLimiter;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/admin")) {
            requireOperator(bearer(request));
        } else if (path.startsWith("/v1")) {
            String tenantId = requireTenant(bearer(request));
            tenantContext.set(tenantId);
            MDC.put("tenantId", tenantId);
            rateLimiter.acquire(tenantId);
        }
    }

    private void requireOperator(String presented) {
        String expected = adminConfig.token().orElseThrow(() -> new Errors.UnauthenticatedException(
                "The operator API is disabled: set DIALGATE_ADMIN_TOKEN to enable it"));
        // Constant-time: the comparison must not tell an attacker how much of the token matched.
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw new Errors.UnauthenticatedException("Missing or wrong operator token in Authorization: Bearer");
        }
    }

    private String requireTenant(String presented) {
        if (presented == null) {
            throw new Errors.UnauthenticatedException("Missing API key: send Authorization: Bearer dgk_...");
        }
        TenantService.Caller caller = TenantService.hashOf(presented).flatMap(tenants::authenticate)
                .orElseThrow(() -> new Errors.UnauthenticatedException("Unknown or revoked API key"));
        if (caller.suspended()) {
            throw new Errors.ForbiddenException("tenant_suspended",
                    "Tenant " + caller.tenantId() + " is suspended; its operator can lift the suspension");
        }
        return caller.tenantId();
    }

    private static String bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
