package io.dialgate.gateway.user;

import io.dialgate.gateway.common.CachedLookup;
import io.dialgate.gateway.pbx.PbxClients;
import io.dialgate.gateway.pbx.PbxHostDeleted;
import io.dialgate.gateway.pbx.PbxHostService;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CompositeCacheKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * The users operations act as, cached per replica for a few seconds ({@code acting-users} cache).
 * Every queue, pause and call request needs the user, its PBX host and its token in clear; reading
 * two rows and opening the sealed token each time was most of the gateway's own cost per command.
 * This replica forgets a user as soon as a change to it commits ({@link UserChanged}); other replicas
 * see it within the cache's expiry, like API keys. A user whose token another replica found invalid
 * may still be tried here until then: the PBX answers 401 again and the request fails the same way.
 */
@ApplicationScoped
public class ActingUsers {

    private final PbxUserService users;
    private final PbxHostService hosts;
    private final PbxClients clients;
    private final UserTokenSessions sessions;
    private final Cache cache;

    public ActingUsers(PbxUserService users, PbxHostService hosts, PbxClients clients, UserTokenSessions sessions,
            @CacheName("acting-users") Cache cache) {
        this.users = users;
        this.sessions = sessions;
        this.clients = clients;
        this.hosts = hosts;
        this.cache = cache;
    }

    /**
     * The user of this tenant, or a 404 problem when the tenant has no such user. A cached user comes
     * at once on the calling thread (an event loop, for commands); a miss reads the database on a worker.
     */
    public Uni<ActingUser> find(String tenantId, String userId) {
        return CachedLookup.get(cache, new CompositeCacheKey(tenantId, userId), () -> load(tenantId, userId));
    }

    private ActingUser load(String tenantId, String userId) {
        PbxUser user = users.get(tenantId, userId);
        String baseUrl = hosts.get(tenantId, user.pbxHostId).baseUrl;
        return new ActingUser(tenantId, user.id, user.version, user.tokenStatus, user.pbxHostId,
                clients.forUser(baseUrl, sessions.usableToken(sessions.open(user, baseUrl))));
    }

    void onUserChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) UserChanged changed) {
        cache.invalidate(new CompositeCacheKey(changed.tenantId(), changed.userId())).await().indefinitely();
    }

    /** The host's users went with it; the cache key does not say which users those were, so the tenant's all go. */
    void onHostDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) PbxHostDeleted deleted) {
        cache.invalidateIf(key -> key instanceof CompositeCacheKey composite
                && deleted.tenantId().equals(composite.getKeyElements()[0])).await().indefinitely();
    }
}
