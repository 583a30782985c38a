package io.dialgate.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Daktela v6 on the wire: one HTTP/1.1 connection pool to one PBX, bodies as text in both directions.
 * The envelope's quirks (errors with HTTP 200, HTML 502 pages) are handled in {@link Envelope}. A null
 * token argument sends no header or cookie.
 *
 * <p>Written on the Vert.x HTTP client rather than declared as a Quarkus REST client interface: in the
 * command benchmark (bench/run commands) the REST client's per-request machinery (its handler chain, context hand-offs and a
 * Jackson body writer that read the method's parameter annotations by reflection on every call) was
 * the largest single part of the gateway's CPU per command. Every call here is a fixed shape (method,
 * {@code /api/v6/{endpoint}[/{name}].json}, query, token), so the REST client's mapping bought nothing.
 */
final class DaktelaApi implements AutoCloseable {

    static final String TOKEN_HEADER = "X-Auth-Token";
    static final String TOKEN_COOKIE = "c_user";
    static final String TOKEN_QUERY = "accessToken";

    private static final String USER_AGENT = "dialgate-api-client";

    /** Seconds an idle connection stays pooled: well under the 75 s after which nginx (Daktela's front) closes one. */
    private static final int KEEP_ALIVE_SECONDS = 30;

    /** What came back: status, body as text (UTF-8, Daktela's only charset) and the Retry-After header. */
    record Response(int status, String body, String retryAfter) {
    }

    private final HttpClient http;
    private final Vertx vertx;
    /** The event-loop context exchanges started outside Vert.x run on; made on the first such call. */
    private final AtomicReference<Context> offThreadContext = new AtomicReference<>();
    private final String apiPath;
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;
    private final String host;
    private final int port;
    private final HostResolver resolver;

    /**
     * @param traced whether the application's Vert.x tracer (when it has one, e.g. Quarkus OpenTelemetry) sees the
     *     requests; it names each span after {@code traceName} of {@link #send}
     */
    DaktelaApi(Vertx vertx, URI base, Duration connectTimeout, Duration readTimeout, int poolSize, HostResolver resolver,
            boolean traced) {
        this.vertx = vertx;
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        this.host = base.getHost();
        this.port = port;
        this.resolver = resolver;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setDefaultHost(base.getHost())
                        .setDefaultPort(port)
                        .setSsl(https)
                        .setForceSni(https)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                        .setDecompressionSupported(false)
                        .setTracingPolicy(traced ? TracingPolicy.PROPAGATE : TracingPolicy.IGNORE),
                new PoolOptions().setHttp1MaxSize(poolSize));
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.apiPath = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/api/v6/";
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.readTimeoutMillis = readTimeout.toMillis();
    }

    /**
     * Sends one request and reads its answer with {@code read}; a failure without an answer goes through
     * {@code failure}. Both run inside the HTTP client's callback, not as further {@link Uni} stages:
     * every command passes through here, and each stage would capture and restore the caller's context.
     * It fails when no connection is had within the connect time-out (a full pool included), when the
     * PBX sends nothing for the read time-out, or when the answer is not complete within the two
     * together. The returned {@link Uni} is lazy and cancellable: cancelling it resets a request under
     * way, and a request still waiting for a connection is never sent.
     */
    <T> Uni<T> send(String method, String endpoint, String name, String traceName, Map<String, String> query,
            String headerToken, String cookieToken, String body, Function<Response, T> read, UnaryOperator<Throwable> failure) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setURI(uri(endpoint, name, query))
                .setTraceOperation(traceName)
                .setConnectTimeout(connectTimeoutMillis)
                .setFollowRedirects(false)
                .putHeader("accept", "application/json")
                .putHeader("user-agent", USER_AGENT);
        if (headerToken != null) {
            request.putHeader(TOKEN_HEADER, headerToken);
        }
        if (cookieToken != null) {
            request.putHeader("cookie", TOKEN_COOKIE + "=" + cookieToken);
        }
        if (body != null) {
            request.putHeader("content-type", "application/json");
        }
        Buffer payload = body == null ? null : Buffer.buffer(body.getBytes(StandardCharsets.UTF_8));
        return Uni.createFrom().emitter(emitter -> {
            if (resolver != null) {
                // Connect to the address the resolver approved, naming the host for the Host header and TLS.
                try {
                    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                    request.setServer(SocketAddress.inetSocketAddress(port, resolver.resolve(bare).getHostAddress()))
                            .setHost(host).setPort(port);
                } catch (java.io.IOException | RuntimeException refused) {
                    emitter.fail(failure.apply(new NotSentException(refused)));
                    return;
                }
            }
            Exchange<T> exchange = new Exchange<>(request, payload, read, failure, emitter);
            emitter.onTermination(exchange::cancel);
            // The exchange runs on an event loop. Started on another thread, a response could end before its
            // body handler was set, and the body was lost. A worker serving a request has that request's
            // context: its event loop takes the exchange, and log lines keep the request's ids.
            Context current = Vertx.currentContext();
            if (Context.isOnVertxThread()) {
                exchange.start();
            } else {
                (current != null ? current : offThreadContext()).runOnContext(ignored -> exchange.start());
            }
        });
    }

    /**
     * Marks a failure that happened before any byte of the request was written (no connection): the PBX
     * certainly did nothing, which is what decides whether a lost command may be repeated.
     */
    static final class NotSentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSentException(Throwable cause) {
            super(cause == null ? "not sent" : cause.getMessage(), cause, false, false);
        }
    }

    /** One request and its answer: what is open, whether it has ended, whether its caller gave up. */
    private final class Exchange<T> {
        private final RequestOptions options;
        private final Buffer payload;
        private final Function<Response, T> read;
        private final UnaryOperator<Throwable> failure;
        private final UniEmitter<? super T> emitter;
        private final AtomicReference<HttpClientRequest> open = new AtomicReference<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean sent = new AtomicBoolean();

        Exchange(RequestOptions options, Buffer payload, Function<Response, T> read, UnaryOperator<Throwable> failure,
                UniEmitter<? super T> emitter) {
            this.options = options;
            this.payload = payload;
            this.read = read;
            this.failure = failure;
            this.emitter = emitter;
        }

        void start() {
            // A deadline for the whole exchange: a PBX that sends a byte now and then never trips the idle time-out.
            long deadline = vertx.setTimer(connectTimeoutMillis + readTimeoutMillis,
                    id -> reset(new TimeoutException("no complete answer within the connect and read time-outs")));
            http.request(options)
                    .compose(this::send)
                    .onComplete(result -> {
                        done.set(true);
                        vertx.cancelTimer(deadline);
                        finish(result);
                    });
        }

        private Future<Response> send(HttpClientRequest request) {
            // Every failure reaches the caller through the send future; without a handler Vert.x would also log a
            // reset we asked for ourselves (a cancelled poll) as an ERROR with no context.
            request.exceptionHandler(ignored -> { });
            // The read time-out is set here, after the handler, not in the request options: Vert.x starts that timer
            // when it creates the request, and one that ran out before this callback (an event loop busy for as
            // long) was logged as an ERROR, beside the failure the caller gets anyway.
            request.idleTimeout(readTimeoutMillis);
            open.set(request);
            if (cancelled.get()) {
                request.reset();
                return Future.failedFuture(new CancellationException("cancelled before it was sent"));
            }
            sent.set(true);
            return (payload == null ? request.send() : request.send(payload))
                    .compose(response -> response.body().map(b -> new Response(response.statusCode(),
                            b.toString(StandardCharsets.UTF_8), response.getHeader("Retry-After"))));
        }

        private void finish(AsyncResult<Response> result) {
            if (result.failed()) {
                emitter.fail(failure.apply(sent.get() ? result.cause() : new NotSentException(result.cause())));
                return;
            }
            T answer;
            try {
                answer = read.apply(result.result());
            } catch (RuntimeException unreadable) {
                emitter.fail(unreadable);
                return;
            }
            emitter.complete(answer);
        }

        /** The caller gave up (or the exchange ended, and then this does nothing). */
        void cancel() {
            if (!done.get()) {
                cancelled.set(true);
                reset(null);
            }
        }

        private void reset(Throwable cause) {
            HttpClientRequest request = open.get();
            if (!done.get() && request != null) {
                request.reset(0, cause);
            }
        }
    }

    /**
     * A context for exchanges from threads that have none (a plain blocking caller). Made on such a thread,
     * so it is a fresh event-loop context and never some request's.
     */
    private Context offThreadContext() {
        Context context = offThreadContext.get();
        if (context == null) {
            offThreadContext.compareAndSet(null, vertx.getOrCreateContext());
            context = offThreadContext.get();
        }
        return context;
    }

    private String uri(String endpoint, String name, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(apiPath).append(segment(endpoint));
        if (name != null) {
            uri.append('/').append(segment(name));
        }
        uri.append(".json");
        char separator = '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            uri.append(separator).append(segment(parameter.getKey())).append('=').append(segment(parameter.getValue()));
            separator = '&';
        }
        return uri.toString();
    }

    /** Percent-encodes a path segment or query component (a space as %20, which paths and queries both accept). */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.close();
    }
}
