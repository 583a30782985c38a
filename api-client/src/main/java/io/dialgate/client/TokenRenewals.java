package io.dialgate.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Access tokens that {@code login.json} issued with a refresh token, and their renewal. A caller keeps
 * using any token its session issued (the first one, or a newer one it stored); every request with it goes
 * out with the newest token of its session, renewed ({@code PUT login.json {refreshToken}}) shortly before
 * it expires and, should the PBX refuse it anyway, once after a 401. A caller that stores tokens resumes a
 * session from its stored pair and is told each new pair, since the refresh token it stored is spent.
 *
 * <p>Process-wide ({@link #SHARED}) on purpose, rather than an object the application hands to each of its
 * {@link DaktelaClients}: an application may build several factories for one PBX (the gateway builds one
 * per long-poll shard, and its commands use another), and each must see the same session, or two of them
 * would spend the single-use refresh token and one would lose. A shared object that one factory was not
 * given would bring that failure back silently; a process-wide table cannot be forgotten.
 *
 * <p>The table is bounded: a session ends when its renewal is refused, when the caller forgets it, and when
 * no request used it for {@link #IDLE_LIMIT} (a caller that stored the pair resumes it when it comes back).
 * Each session is found by its first token and by its {@value #RECENT_TOKENS} newest ones.
 */
final class TokenRenewals {

    private static final Logger LOG = Logger.getLogger(TokenRenewals.class);

    /** Renew this long before the expiry, or at half the lifetime for short-lived tokens. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    /**
     * How long an unused session is kept. Daktela does not say how long a refresh token lasts; a session
     * nobody used for this long is most likely of a user who is gone, and forgetting it costs a caller
     * that stored its pair no more than a resume.
     */
    static final Duration IDLE_LIMIT = Duration.ofHours(12);

    /** Tokens a session is still found by besides its first: clients built before a renewal hold an older one. */
    static final int RECENT_TOKENS = 4;

    /** How often at most the table is scanned for idle sessions. */
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    static final TokenRenewals SHARED = new TokenRenewals(Clock.systemUTC(), IDLE_LIMIT);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleLimit;
    private volatile Instant nextSweep;

    TokenRenewals(Clock clock, Duration idleLimit) {
        this.clock = clock;
        this.idleLimit = idleLimit;
        this.nextSweep = clock.instant().plus(SWEEP_EVERY);
    }

    /** One login's tokens: the newest pair and when its access token expires (null: unknown or never). */
    final class Session {
        private final URI base;
        private final String firstKey;
        private final Deque<String> recentKeys = new ArrayDeque<>();
        private AccessToken current;
        private String refreshToken;
        private Instant expiresAt;
        private Instant renewAt;
        private CompletableFuture<AccessToken> renewing;
        private Consumer<LoginResult> onRenewed;
        private volatile Instant lastUsed;

        private Session(URI base, LoginResult login, Consumer<LoginResult> onRenewed) {
            this.base = base;
            this.firstKey = key(base, login.accessToken());
            this.current = login.accessToken();
            this.refreshToken = login.refreshToken().orElseThrow();
            this.expiresAt = login.expiresAt().orElse(null);
            this.renewAt = renewAt(login.expiresAt());
            this.onRenewed = onRenewed;
            this.lastUsed = clock.instant();
        }

        synchronized AccessToken current() {
            return current;
        }

        synchronized boolean due(Clock now) {
            return renewAt != null && !now.instant().isBefore(renewAt);
        }

        private synchronized LoginResult pair() {
            return new LoginResult(current, Optional.of(refreshToken), Optional.ofNullable(expiresAt));
        }

        /**
         * The token to use after {@code failed} was refused or is due: a newer one another request already
         * got, the one a renewal under way will bring, or a fresh renewal's.
         */
        Uni<AccessToken> renew(Transport transport, AccessToken failed, Clock now) {
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
                    .map(result -> DaktelaLogin.parse(result, now).orElseThrow(
                            () -> new DaktelaException("Daktela PUT login answered without a token", 200, List.of(), null, null)))
                    .subscribe().with(this::renewed, this::refused);
            return Uni.createFrom().completionStage(future);
        }

        void renewed(LoginResult result) {
            CompletableFuture<AccessToken> done;
            Consumer<LoginResult> listener;
            LoginResult pair;
            synchronized (this) {
                current = result.accessToken();
                refreshToken = result.refreshToken().orElse(refreshToken);
                expiresAt = result.expiresAt().orElse(null);
                renewAt = renewAt(result.expiresAt());
                done = renewing;
                renewing = null;
                listener = onRenewed;
                pair = pair();
                index(key(base, current));
            }
            LOG.debug("Renewed an expiring Daktela access token");
            // Told before the waiting requests go on: the refresh token the caller stored is spent now.
            tell(listener, pair);
            if (done != null) {
                done.complete(result.accessToken());
            }
        }

        private void refused(Throwable failure) {
            CompletableFuture<AccessToken> done;
            synchronized (this) {
                done = renewing;
                renewing = null;
            }
            if (failure instanceof DaktelaUnauthorizedException) {
                // The refresh token is spent or revoked: nothing left to renew with.
                end();
            }
            done.completeExceptionally(failure);
        }

        /** Makes the session findable by a token it issued, forgetting the oldest but the first. */
        private void index(String key) {
            sessions.put(key, this);
            if (key.equals(firstKey) || recentKeys.contains(key)) {
                return;
            }
            recentKeys.addLast(key);
            while (recentKeys.size() > RECENT_TOKENS) {
                sessions.remove(recentKeys.removeFirst(), this);
            }
        }

        private synchronized void end() {
            sessions.remove(firstKey, this);
            for (String key : recentKeys) {
                sessions.remove(key, this);
            }
        }

        private synchronized boolean idleSince(Instant limit) {
            return renewing == null && lastUsed.isBefore(limit);
        }
    }

    /** Remembers a login's token pair for renewal; a login without a refresh token has nothing to renew. */
    void register(URI base, LoginResult login) {
        if (login.refreshToken().isEmpty()) {
            return;
        }
        sweepIfDue(clock.instant());
        Session session = new Session(base, login, null);
        synchronized (session) {
            session.index(session.firstKey);
        }
    }

    /**
     * The newest token of the session that issued {@code stored.accessToken()}, resumed from the stored pair
     * when this process does not know it; {@code onRenewed} hears of each later renewal. When the session
     * renewed since the pair was stored, {@code onRenewed} hears of the newest pair at once.
     */
    AccessToken resume(URI base, LoginResult stored, Consumer<LoginResult> onRenewed) {
        Objects.requireNonNull(stored, "stored");
        if (stored.refreshToken().isEmpty()) {
            return stored.accessToken();
        }
        sweepIfDue(clock.instant());
        Session session = sessions.computeIfAbsent(key(base, stored.accessToken()), key -> new Session(base, stored, onRenewed));
        LoginResult newer = null;
        AccessToken use;
        synchronized (session) {
            session.index(session.firstKey);
            session.lastUsed = clock.instant();
            if (onRenewed != null) {
                session.onRenewed = onRenewed;
            }
            use = session.current;
            if (!use.equals(stored.accessToken())) {
                newer = session.pair();
            }
        }
        if (newer != null) {
            tell(onRenewed, newer);
        }
        return use;
    }

    /** The session of a token this process got from login.json or resumed, if any. */
    Optional<Session> find(URI base, AccessToken token) {
        if (sessions.isEmpty()) {
            return Optional.empty();
        }
        // Every request with a token comes here: the clock is read once.
        Instant now = clock.instant();
        sweepIfDue(now);
        Session session = sessions.get(key(base, token));
        if (session != null) {
            session.lastUsed = now;
        }
        return Optional.ofNullable(session);
    }

    /** Ends the session that issued this token; returns whether there was one. */
    boolean forget(URI base, AccessToken token) {
        Session session = sessions.get(key(base, token));
        if (session == null) {
            return false;
        }
        session.end();
        return true;
    }

    /** How many tokens find a session: for tests of the bounds. */
    int indexedTokens() {
        return sessions.size();
    }

    private void sweepIfDue(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        Instant limit = now.minus(idleLimit);
        sessions.values().stream().distinct().filter(s -> s.idleSince(limit)).forEach(Session::end);
    }

    private Instant renewAt(Optional<Instant> expiresAt) {
        if (expiresAt.isEmpty()) {
            return null;
        }
        Instant expiry = expiresAt.get();
        Duration left = Duration.between(clock.instant(), expiry);
        Duration margin = left.dividedBy(2).compareTo(MARGIN) < 0 ? left.dividedBy(2) : MARGIN;
        return expiry.minus(margin.isNegative() ? Duration.ZERO : margin);
    }

    /** A listener's failure is the caller's: it must not fail the renewal, and its message may quote a secret. */
    private static void tell(Consumer<LoginResult> listener, LoginResult pair) {
        if (listener == null) {
            return;
        }
        try {
            listener.accept(pair);
        } catch (RuntimeException e) {
            LOG.warnf("A token renewal listener failed (%s)", e.getClass().getSimpleName());
        }
    }

    private static String key(URI base, AccessToken token) {
        return base + " " + token.value();
    }
}
