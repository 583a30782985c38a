package io.dialgate.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Access tokens that {@code login.json} issued with a refresh token, and their renewal. A caller keeps
 * using the token it was first given; every request with it goes out with the newest token of its
 * session, renewed ({@code PUT login.json {refreshToken}}) shortly before it expires and, should the PBX
 * refuse it anyway, once after a 401.
 *
 * <p>Process-wide on purpose: an application may build several {@link DaktelaClients} for one PBX (the
 * gateway builds one per long-poll shard) and each must see the same session, or two of them would
 * spend the single-use refresh token and one would lose. A session ends when its renewal is refused.
 */
final class TokenRenewals {

    private static final Logger LOG = Logger.getLogger(TokenRenewals.class);

    /** Renew this long before the expiry, or at half the lifetime for short-lived tokens. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

    private TokenRenewals() {
    }

    /** One login's tokens: the newest pair and when its access token expires (null: unknown or never). */
    static final class Session {
        private final String key;
        private AccessToken current;
        private String refreshToken;
        private Instant renewAt;
        private CompletableFuture<AccessToken> renewing;

        private Session(String key, AccessToken current, String refreshToken, Instant renewAt) {
            this.key = key;
            this.current = current;
            this.refreshToken = refreshToken;
            this.renewAt = renewAt;
        }

        synchronized AccessToken current() {
            return current;
        }

        synchronized boolean due(Clock clock) {
            return renewAt != null && !clock.instant().isBefore(renewAt);
        }

        /**
         * The token to use after {@code failed} was refused or is due: a newer one another request already
         * got, the one a renewal under way will bring, or a fresh renewal's.
         */
        Uni<AccessToken> renew(Transport transport, AccessToken failed, Clock clock) {
            CompletableFuture<AccessToken> future;
            String refresh;
            synchronized (this) {
                if (!current.equals(failed)) {
                    return Uni.createFrom().item(current);
                }
                if (renewing != null) {
                    future = renewing;
                    return Uni.createFrom().completionStage(future);
                }
                renewing = new CompletableFuture<>();
                future = renewing;
                refresh = refreshToken;
            }
            ObjectNode body = Json.object().put("refreshToken", refresh);
            transport.sendWithSecret(Request.command("PUT", "login", null, body), refresh)
                    .map(result -> DaktelaLogin.parse(result, clock).orElseThrow(
                            () -> new DaktelaException("Daktela PUT login answered without a token", 200,
                                    java.util.List.of(), null, null)))
                    .subscribe().with(this::renewed, this::refused);
            return Uni.createFrom().completionStage(future);
        }

        private void renewed(LoginResult result) {
            CompletableFuture<AccessToken> done;
            synchronized (this) {
                current = result.accessToken();
                refreshToken = result.refreshToken().orElse(refreshToken);
                renewAt = renewAt(result.expiresAt());
                done = renewing;
                renewing = null;
            }
            LOG.debug("Renewed an expiring Daktela access token");
            done.complete(result.accessToken());
        }

        private void refused(Throwable failure) {
            CompletableFuture<AccessToken> done;
            synchronized (this) {
                done = renewing;
                renewing = null;
            }
            if (failure instanceof DaktelaUnauthorizedException) {
                // The refresh token is spent or revoked: nothing left to renew with.
                SESSIONS.remove(key, this);
            }
            done.completeExceptionally(failure);
        }
    }

    /** Remembers a login's token pair for renewal; a login without a refresh token has nothing to renew. */
    static void register(URI base, LoginResult login) {
        if (login.refreshToken().isEmpty()) {
            return;
        }
        String key = key(base, login.accessToken());
        SESSIONS.put(key, new Session(key, login.accessToken(), login.refreshToken().get(), renewAt(login.expiresAt())));
    }

    /** The session of a token this process got from login.json, if any. */
    static Optional<Session> find(URI base, AccessToken token) {
        return SESSIONS.isEmpty() ? Optional.empty() : Optional.ofNullable(SESSIONS.get(key(base, token)));
    }

    private static Instant renewAt(Optional<Instant> expiresAt) {
        if (expiresAt.isEmpty()) {
            return null;
        }
        Instant expiry = expiresAt.get();
        Duration left = Duration.between(Instant.now(), expiry);
        Duration margin = left.dividedBy(2).compareTo(MARGIN) < 0 ? left.dividedBy(2) : MARGIN;
        return expiry.minus(margin.isNegative() ? Duration.ZERO : margin);
    }

    private static String key(URI base, AccessToken token) {
        return base + " " + token.value();
    }
}
