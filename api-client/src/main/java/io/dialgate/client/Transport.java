package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The connections to one PBX: a connection pool for commands and reads, and another for long polls
 * ({@link DaktelaApi} each, on the application's Vert.x), so that held polls can never take the connections a command needs.
 * Applies token placement, timeouts, envelope parsing and the retry policy. Non-blocking
 * throughout: backoff delays are timers, not sleeps.
 */
final class Transport implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Transport.class);

    private final URI base;
    private final DaktelaApi commands;
    private final DaktelaApi polls;
    private final DaktelaClientOptions options;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Vertx vertx;
    private volatile boolean closed;

    Transport(URI pbxBaseUrl, DaktelaClientOptions options, Vertx vertx) {
        this.base = pbxBaseUrl;
        this.options = options;
        this.vertx = vertx;
        this.commands = build(pbxBaseUrl, options.readTimeout(), options.commandPoolSize(), true);
        // Long polls are not traced: most are held and answered unchanged, and a span each would bury the few
        // answers that matter (the application traces those when it records them).
        this.polls = build(pbxBaseUrl, options.longPollTimeout(), options.longPollPoolSize(), false);
        this.policy = new RetryPolicy(options.maxRetries(), options.retryBaseDelay(), options.retryMaxDelay(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.clock = Clock.systemUTC();
    }

    private DaktelaApi build(URI base, Duration readTimeout, int poolSize, boolean traced) {
        return new DaktelaApi(vertx, base, options.connectTimeout(), readTimeout, poolSize, options.hostResolver(), traced);
    }

    /**
     * Sends the request (with retries per policy) and returns the envelope's {@code result}. A token that
     * login.json issued with a refresh token goes out as its session's newest token, renewed when due and
     * once more after a 401 (the PBX did nothing with a refused request, so sending it again is safe).
     */
    Uni<JsonNode> send(Request request, AccessToken token) {
        if (closed) {
            return Uni.createFrom().failure(closedError());
        }
        Optional<TokenRenewals.Session> session = token == null ? Optional.empty() : TokenRenewals.SHARED.find(base, token);
        if (session.isEmpty()) {
            return attempt(request, token, redactor(token), 0);
        }
        TokenRenewals.Session s = session.get();
        AccessToken current = s.current();
        Uni<AccessToken> ready = s.due(clock) ? s.renew(this, current, clock) : Uni.createFrom().item(current);
        return ready.flatMap(use -> attempt(request, use, redactor(token, use), 0)
                .onFailure(DaktelaUnauthorizedException.class).recoverWithUni(refused -> s.renew(this, use, clock)
                        .onFailure().transform(ignored -> refused)
                        .flatMap(fresh -> attempt(request, fresh, redactor(token, fresh), 0))));
    }

    /**
     * Sends a request that carries a secret in its body (a password, a refresh token) instead of
     * an access token, so that an error echoing the secret is scrubbed too.
     */
    Uni<JsonNode> sendWithSecret(Request request, String secret) {
        if (closed) {
            return Uni.createFrom().failure(closedError());
        }
        return attempt(request, null, redactor(secret == null || secret.isBlank() ? null : AccessToken.of(secret)), 0);
    }

    /** One attempt ({@link DaktelaApi#send} applies the time-outs), then retries per policy. */
    private Uni<JsonNode> attempt(Request request, AccessToken token, UnaryOperator<String> redact, int retriesSoFar) {
        return dispatch(request, token, redact)
                .onFailure().recoverWithUni(f -> {
                    var delay = policy.delay(request.kind(), f, retriesSoFar);
                    if (delay.isEmpty()) {
                        return Uni.createFrom().failure(f);
                    }
                    LOG.debugf("Retrying %s in %d ms after %s", request.operation(), delay.get().toMillis(),
                            f.getClass().getSimpleName());
                    // Mutiny refuses a zero delay, and a PBX may well send Retry-After: 0.
                    Uni<Void> wait = delay.get().isZero() || delay.get().isNegative() ? Uni.createFrom().voidItem()
                            : Uni.createFrom().voidItem().onItem().delayIt().by(delay.get());
                    return wait.chain(() -> attempt(request, token, redact, retriesSoFar + 1));
                });
    }

    private Uni<JsonNode> dispatch(Request r, AccessToken token, UnaryOperator<String> redact) {
        DaktelaApi api = r.kind() == RetryPolicy.Kind.LONG_POLL ? polls : commands;
        Map<String, String> query = new LinkedHashMap<>(r.query());
        String header = null;
        String cookie = null;
        if (token != null) {
            switch (options.tokenPlacement()) {
                case HEADER -> header = token.value();
                case QUERY -> query.put(DaktelaApi.TOKEN_QUERY, token.value());
                case COOKIE -> cookie = token.value();
            }
        }
        String body = r.body() == null ? null : Json.write(r.body());
        return api.send(r.method(), r.endpoint(), r.name(), r.traceName(), query, header, cookie, body,
                response -> Envelope.parse(r.operation(), response.status(), response.body(), response.retryAfter(), clock, redact),
                failure -> ioFailure(r, failure, redact));
    }

    /** Maps a failure without a response (I/O, timeout) to the unavailable exception, token-free. */
    static Throwable ioFailure(Request request, Throwable f, UnaryOperator<String> redact) {
        if (f instanceof DaktelaException) {
            return f;
        }
        boolean timedOut = false;
        boolean sent = !(f instanceof DaktelaApi.NotSentException);
        if (!sent && f.getCause() != null) {
            f = f.getCause();
        }
        Throwable root = f;
        for (Throwable t = f; t != null; t = t.getCause()) {
            root = t;
            String name = t.getClass().getName();
            String msg = String.valueOf(t.getMessage()).toLowerCase();
            if (t instanceof TimeoutException || name.contains("Timeout") || msg.contains("timeout")
                    || msg.contains("timed out")) {
                timedOut = true;
            }
        }
        String what = timedOut ? "timed out" : "I/O error (" + root.getClass().getSimpleName() + ")";
        // Keep the cause only when nothing in its chain could carry the token (in any spelling the redactor knows).
        Throwable cause = f;
        for (Throwable t = f; t != null && cause != null; t = t.getCause()) {
            String text = t.getMessage() + " " + t;
            if (!redact.apply(text).equals(text)) {
                cause = null;
            }
        }
        return new DaktelaUnavailableException("Daktela " + request.operation() + " failed: " + what, 0,
                java.util.List.of(), null, timedOut, sent, cause);
    }

    /** Scrubs both the token a caller holds and the renewed one it stands for. */
    static UnaryOperator<String> redactor(AccessToken original, AccessToken current) {
        UnaryOperator<String> first = redactor(original);
        UnaryOperator<String> second = redactor(current);
        return s -> second.apply(first.apply(s));
    }

    static UnaryOperator<String> redactor(AccessToken token) {
        if (token == null) {
            return s -> s;
        }
        // Raw, form-encoded and percent-encoded: Vert.x quotes request URIs (QUERY placement) in some messages.
        String raw = token.value();
        String encoded = URLEncoder.encode(raw, StandardCharsets.UTF_8);
        String percentEncoded = encoded.replace("+", "%20");
        return s -> s == null ? null : s.replace(raw, "***").replace(encoded, "***").replace(percentEncoded, "***");
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("This client's connections are closed: its DaktelaClients was closed, or released"
                + " this PBX. Make a new client with forUser(...) or login(...) on an open DaktelaClients.");
    }

    @Override
    public void close() {
        closed = true;
        commands.close();
        polls.close();
    }
}
