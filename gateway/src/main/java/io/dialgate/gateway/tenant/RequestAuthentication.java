package io.dialgate.gateway.tenant;

import io.dialgate.gateway.common.RefusalThrottle;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.ratelimit.TenantRateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
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
    private final RefusalThrottle refusals;

    public RequestAuthentication(AdminConfig adminConfig, TenantService tenants, TenantContext tenantContext,
            TenantRateLimiter rateLimiter, io.dialgate.gateway.ratelimit.RateLimitConfig rateLimits) {
        this.refusals = new RefusalThrottle(rateLimits.refusalsPerMinute());
        this.adminConfig = adminConfig;
        this.tenants = tenants;
        this.tenantContext = tenantContext;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Runs on the event loop, before the request is handed to a worker (if its endpoint blocks at all):
     * with the key cached, authenticating a command costs no thread hand-off.
     */
    @ServerRequestFilter(nonBlocking = true)
    public Uni<Void> authenticate(ContainerRequestContext context, HttpServerRequest request) {
        // The path as routed (decoded, dot segments and double slashes resolved), never the raw request path:
        // "//admin/tenants" and "/v1/../admin/tenants" reach the operator API too.
        String path = context.getUriInfo().getPath();
        boolean operator = path.startsWith("/admin");
        if (!operator && !path.startsWith("/v1")) {
            return Uni.createFrom().voidItem();
        }
        String source = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (refusals.exceeded(source)) {
            throw new Errors.RateLimitedException("Too many requests with wrong credentials from this address; retry after "
                    + "the Retry-After delay", java.time.Duration.ofMinutes(1));
        }
        if (operator) {
            try {
                requireOperator(bearer(request));
            } catch (Errors.UnauthenticatedException e) {
                refusals.refused(source);
                throw e;
            }
            return Uni.createFrom().voidItem();
        }
        return requireTenant(bearer(request)).onFailure(Errors.UnauthenticatedException.class)
                .invoke(e -> refusals.refused(source)).map(caller -> {
                    tenantContext.set(caller.tenantId(), caller.keyHash());
                    MDC.put("tenantId", caller.tenantId());
                    rateLimiter.acquire(caller.tenantId());
                    return null;
                });
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

    /** The tenant of a request and the hash of the key it came with (SSE streams close when that key is revoked). */
    private record Authenticated(String tenantId, String keyHash) {
    }

    private Uni<Authenticated> requireTenant(String presented) {
        if (presented == null) {
            return Uni.createFrom().failure(new Errors.UnauthenticatedException("Missing API key: send Authorization: Bearer dgk_..."));
        }
        Optional<String> keyHash = TenantService.hashOf(presented);
        if (keyHash.isEmpty()) {
            return Uni.createFrom().failure(new Errors.UnauthenticatedException("Unknown or revoked API key"));
        }
        return tenants.authenticate(keyHash.get()).map(found -> {
            TenantService.Caller caller = found.orElseThrow(() -> new Errors.UnauthenticatedException("Unknown or revoked API key"));
            if (caller.suspended()) {
                throw new Errors.ForbiddenException("tenant_suspended",
                        "Tenant " + caller.tenantId() + " is suspended; its operator can lift the suspension");
            }
            return new Authenticated(caller.tenantId(), keyHash.get());
        });
    }

    /** Read from the Vert.x request: the JAX-RS view builds a header map for it, on every request. */
    private static String bearer(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
