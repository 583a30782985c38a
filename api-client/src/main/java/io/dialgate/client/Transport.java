package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.LoggingScope;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * The connections to one PBX: a REST client for commands and reads, and another for long polls,
 * each with its own pool, so that held polls can never take the connections a command needs.
 * Applies token placement, timeouts, envelope parsing and the retry policy. Non-blocking
 * throughout: backoff delays are timers, not sleeps.
 */
final class Transport implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Transport.class);

    private final DaktelaApi commands;
    private final DaktelaApi polls;
    private final DaktelaClientOptions options;
    private final RetryPolicy policy;
    private final Clock clock;

    Transport(URI pbxBaseUrl, DaktelaClientOptions options) {
        this.options = options;
        this.commands = build(pbxBaseUrl, options.readTimeout(), options.commandPoolSize());
        this.polls = build(pbxBaseUrl, options.longPollTimeout(), options.longPollPoolSize());
        this.policy = new RetryPolicy(options.maxRetries(), options.retryBaseDelay(), options.retryMaxDelay(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.clock = Clock.systemUTC();
    }

    private DaktelaApi build(URI base, Duration readTimeout, int poolSize) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .followRedirects(false)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, poolSize)
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, true)
                // Contextual messages quote the request URI, which holds the token in QUERY placement.
                .property(QuarkusRestClientProperties.DISABLE_CONTEXTUAL_ERROR_MESSAGES, true)
                // Never log traffic: headers, cookies and (in QUERY placement) URLs carry the token.
                .loggingScope(LoggingScope.NONE)
                .loggingMaskedHeaders(Set.of(DaktelaApi.TOKEN_HEADER, HttpHeaders.COOKIE))
                .userAgent("dialgate-api-client")
                .build(DaktelaApi.class);
    }

    /** Sends the request (with retries per policy) and returns the envelope's {@code result}. */
    Uni<JsonNode> send(Request request, AccessToken token) {
        return attempt(request, token, redactor(token), 0);
    }

    /**
     * Sends a request that carries a secret in its body (a password, a refresh token) instead of
     * an access token, so that an error echoing the secret is scrubbed too.
     */
    Uni<JsonNode> sendWithSecret(Request request, String secret) {
        return attempt(request, null, redactor(secret == null || secret.isBlank() ? null : AccessToken.of(secret)), 0);
    }

    private Uni<JsonNode> attempt(Request request, AccessToken token, UnaryOperator<String> redact, int retriesSoFar) {
        Duration timeout = (request.kind() == RetryPolicy.Kind.LONG_POLL ? options.longPollTimeout()
                : options.readTimeout()).plus(options.connectTimeout());
        return Uni.createFrom().deferred(() -> dispatch(request, token))
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onFailure().transform(f -> ioFailure(request, f, token, redact))
                .onItem().transform(r -> Envelope.parse(request.operation(), r.getStatus(), body(r),
                        r.getHeaderString(HttpHeaders.RETRY_AFTER), clock, redact))
                .onFailure().recoverWithUni(f -> {
                    var delay = policy.delay(request.kind(), f, retriesSoFar);
                    if (delay.isEmpty()) {
                        return Uni.createFrom().failure(f);
                    }
                    LOG.debugf("Retrying %s in %d ms after %s", request.operation(), delay.get().toMillis(),
                            f.getClass().getSimpleName());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(delay.get())
                            .chain(() -> attempt(request, token, redact, retriesSoFar + 1));
                });
    }

    /**
     * The body as text. With the default exception mapper off, the REST client leaves error bodies
     * (status 400 and up) unread: the entity is then the raw stream, read here as UTF-8 (Daktela's
     * only charset), since {@code readEntity} cannot map it any more.
     */
    private static String body(RestResponse<String> response) {
        Object entity = ((RestResponse<?>) response).getEntity();
        if (entity == null || entity instanceof String) {
            return (String) entity;
        }
        if (entity instanceof java.io.InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return entity.toString();
    }

    private Uni<RestResponse<String>> dispatch(Request r, AccessToken token) {
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
        return switch (r.method()) {
            case "GET" -> r.name() == null ? api.list(r.endpoint(), query, header, cookie)
                    : api.get(r.endpoint(), r.name(), query, header, cookie);
            case "POST" -> api.post(r.endpoint(), query, header, cookie, body);
            case "PUT" -> r.name() == null ? api.putCollection(r.endpoint(), query, header, cookie, body)
                    : api.put(r.endpoint(), r.name(), query, header, cookie, body);
            default -> throw new IllegalArgumentException("unsupported method " + r.method());
        };
    }

    /** Maps a failure without a response (I/O, timeout) to the unavailable exception, token-free. */
    static Throwable ioFailure(Request request, Throwable f, AccessToken token, UnaryOperator<String> redact) {
        if (f instanceof DaktelaException) {
            return f;
        }
        boolean timedOut = false;
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
        // Keep the cause only when nothing in its chain could carry the token.
        Throwable cause = containsToken(f, token) ? null : f;
        return new DaktelaUnavailableException("Daktela " + request.operation() + " failed: " + what, 0,
                java.util.List.of(), null, timedOut, cause);
    }

    private static boolean containsToken(Throwable f, AccessToken token) {
        if (token == null) {
            return false;
        }
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(token.value()) || t.toString().contains(token.value())) {
                return true;
            }
        }
        return false;
    }

    static UnaryOperator<String> redactor(AccessToken token) {
        if (token == null) {
            return s -> s;
        }
        String raw = token.value();
        String encoded = URLEncoder.encode(raw, StandardCharsets.UTF_8);
        return s -> s == null ? null : s.replace(raw, "***").replace(encoded, "***");
    }

    @Override
    public void close() {
        closeQuietly(commands);
        closeQuietly(polls);
    }

    private static void closeQuietly(Object client) {
        if (client instanceof Closeable c) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing a Daktela REST client failed", e);
            }
        }
    }
}
