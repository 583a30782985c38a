package io.dialgate.gateway.tenant;

import io.dialgate.gateway.common.CachedLookup;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Ids;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Tenants and their API keys: the operator's side of tenancy, and key resolution for requests. */
@ApplicationScoped
public class TenantService {

    private static final Logger LOG = Logger.getLogger(TenantService.class);

    private final TenantRepository tenants;
    private final ApiKeyRepository apiKeys;
    private final Cache apiKeyCache;
    private final Clock clock;

    public TenantService(TenantRepository tenants, ApiKeyRepository apiKeys, @CacheName("api-keys") Cache apiKeyCache, Clock clock) {
        this.tenants = tenants;
        this.apiKeyCache = apiKeyCache;
        this.apiKeys = apiKeys;
        this.clock = clock;
    }

    /** A tenant together with the plaintext of a key issued for it; the only time the key is visible. */
    public record IssuedKey(Tenant tenant, ApiKey key, String plaintext) {
        @Override
        public String toString() {
            return "IssuedKey[tenant=" + tenant.id + ", key=" + key.id + "]";
        }
    }

    @Transactional
    public IssuedKey create(String name) {
        Instant now = clock.instant();
        Tenant tenant = new Tenant();
        tenant.id = Ids.next("ten", clock);
        tenant.name = name.strip();
        tenant.createdAt = now;
        tenant.updatedAt = now;
        tenants.persist(tenant);
        IssuedKey issued = issueKey(tenant);
        LOG.infof("Created tenant %s (%s)", tenant.id, tenant.name);
        return issued;
    }

    /** Up to {@code limit + 1} tenants after the cursor: the extra one tells the caller another page exists. */
    public List<Tenant> list(String after, int limit) {
        return tenants.pageAfter(after, limit + 1);
    }

    public Tenant get(String tenantId) {
        return tenants.findByIdOptional(tenantId).orElseThrow(() -> new Errors.NotFoundException("tenant", tenantId));
    }

    @Transactional
    public IssuedKey addKey(String tenantId) {
        return issueKey(get(tenantId));
    }

    @Transactional
    @CacheInvalidateAll(cacheName = "api-keys")
    public void revokeKey(String tenantId, String keyId) {
        ApiKey key = apiKeys.findByIdForTenant(tenantId, keyId)
                .filter(k -> k.revokedAt == null)
                .orElseThrow(() -> new Errors.NotFoundException("API key", keyId));
        key.revokedAt = clock.instant();
        key.updatedAt = key.revokedAt;
        LOG.infof("Revoked API key %s of tenant %s", keyId, tenantId);
    }

    @Transactional
    @CacheInvalidateAll(cacheName = "api-keys")
    public Tenant setSuspended(String tenantId, boolean suspended) {
        Tenant tenant = get(tenantId);
        tenant.suspended = suspended;
        tenant.updatedAt = clock.instant();
        LOG.infof("Tenant %s %s", tenantId, suspended ? "suspended" : "resumed");
        return tenant;
    }

    @Transactional
    @CacheInvalidateAll(cacheName = "api-keys")
    public void delete(String tenantId) {
        // Tenant-owned rows go with it (ON DELETE CASCADE in the schema).
        if (!tenants.deleteById(tenantId)) {
            throw new Errors.NotFoundException("tenant", tenantId);
        }
        LOG.infof("Deleted tenant %s", tenantId);
    }

    /** Who a valid API key belongs to; cached briefly, see {@link #authenticate}. */
    public record Caller(String tenantId, boolean suspended) {
    }

    /**
     * The tenant a presented API key belongs to, if the key is valid and not revoked. Cached for a
     * few seconds per key hash (every request needs it): a cached key is answered at once on the
     * calling thread, an event loop; a miss reads the database on a worker. This replica drops the
     * cache on any revocation, suspension or deletion, other replicas see the change within the
     * cache's expiry.
     */
    public Uni<Optional<Caller>> authenticate(String keyHash) {
        return CachedLookup.get(apiKeyCache, keyHash, () -> findCaller(keyHash));
    }

    private Optional<Caller> findCaller(String keyHash) {
        return apiKeys.findActiveByHash(keyHash).flatMap(key -> tenants.findByIdOptional(key.tenantId))
                .map(t -> new Caller(t.id, t.suspended));
    }

    /** The cache key for a presented key: its hash, so the cache never holds a key in clear. */
    public static Optional<String> hashOf(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(ApiKeys.PREFIX) || presentedKey.length() > 100) {
            return Optional.empty();
        }
        return Optional.of(ApiKeys.hash(presentedKey));
    }

    private IssuedKey issueKey(Tenant tenant) {
        String plaintext = ApiKeys.generate();
        ApiKey key = new ApiKey();
        key.id = Ids.next("key", clock);
        key.tenantId = tenant.id;
        key.keyHash = ApiKeys.hash(plaintext);
        key.keyHint = plaintext.substring(plaintext.length() - 4);
        key.createdAt = clock.instant();
        key.updatedAt = key.createdAt;
        apiKeys.persist(key);
        return new IssuedKey(tenant, key, plaintext);
    }
}
