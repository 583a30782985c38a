package io.dialgate.gateway.webhook.dispatch;

import io.dialgate.gateway.tracing.TraceContext;
import io.dialgate.gateway.webhook.WebhookConfig;
import io.dialgate.gateway.webhook.WebhookSigner;
import io.dialgate.gateway.webhook.WebhookUrlValidator;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one signed delivery attempt (Standard Webhooks headers) without holding a thread while
 * it is in flight, so the number of attempts in flight is bounded by the dispatcher, not by a thread pool.
 * Whatever happens becomes a {@link DeliveryOutcome}; the returned future fails only on a programming error.
 *
 * <p>It uses the Vert.x HTTP client on Quarkus's event loops rather than the JDK's {@code HttpClient}: on the
 * 2-core benchmark machine (bench/run engine) a bare JDK client sending to a loopback JDK {@code HttpServer}, 64 requests
 * in flight, topped out between 1,600 and 2,200 requests per second, below the dispatcher's target on its
 * own; the Vert.x client against the same server did 9,000 to 11,000. Redirects are not followed.
 *
 * <p>Each endpoint has a client, and so connection pools, of its own: endpoints of different tenants on one
 * host never wait for each other's connections. The claim keeps an endpoint's attempts in flight under its cap,
 * at most {@link #CONNECTIONS_PER_ENDPOINT}, so an attempt never waits for a pooled connection either: its time
 * budget is the receiver's alone. An endpoint with a rate limit has its attempts spaced evenly, per replica.
 */
@ApplicationScoped
public class WebhookSender {

    static final String USER_AGENT = "Dialgate-Webhooks/1.0";

    /** Threads that check the URL and sign; a lookup against a slow DNS server blocks one of them, not the dispatcher loop. */
    private static final int PREPARE_THREADS = 4;

    /**
     * Most connections of one endpoint, the highest in-flight cap an endpoint can set. Connections open on demand,
     * so an endpoint with the default cap of 16 never has more than 16 per replica. (A JDK {@code HttpServer}
     * keeps 200 idle connections by default and closes those beyond, so one receiver shared by many endpoints
     * may close connections we still hold; an attempt sent on one fails and is retried.)
     */
    static final int CONNECTIONS_PER_ENDPOINT = 256;

    /** An endpoint's client is closed after this long without attempts (far above the request timeout). */
    private static final Duration IDLE_CLIENT = Duration.ofMinutes(5);

    /**
     * Seconds an idle connection stays in the pool: under the 5 s after which Node.js servers close idle
     * connections, the shortest common default, so the pool seldom hands out one the receiver is closing.
     */
    static final int KEEP_ALIVE_SECONDS = 4;

    private final WebhookUrlValidator urlValidator;
    private final WebhookConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final ThreadPoolExecutor preparers;
    private final HttpClientOptions options;
    private final Cache<String, EndpointClient> clients;

    public WebhookSender(WebhookUrlValidator urlValidator, WebhookConfig config, Clock clock, Vertx vertx) {
        this.urlValidator = urlValidator;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        AtomicInteger threads = new AtomicInteger();
        this.preparers = new ThreadPoolExecutor(PREPARE_THREADS, PREPARE_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "webhook-prepare-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.preparers.allowCoreThreadTimeOut(true);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        this.options = new HttpClientOptions()
                .setConnectTimeout(timeoutMillis)
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setDecompressionSupported(false)
                // AttemptTracer makes each attempt's span, in the event's trace; the client's own would be a stray root.
                .setTracingPolicy(TracingPolicy.IGNORE);
        Duration idle = config.timeout().multipliedBy(4).compareTo(IDLE_CLIENT) > 0 ? config.timeout().multipliedBy(4) : IDLE_CLIENT;
        this.clients = Caffeine.newBuilder()
                .expireAfterAccess(idle)
                .removalListener((String endpointId, EndpointClient client, RemovalCause cause) -> {
                    if (client != null) {
                        client.http().close();
                    }
                })
                .build();
    }

    @PreDestroy
    void close() {
        preparers.shutdownNow();
        clients.invalidateAll();
    }

    /** An endpoint's connection pool and, if it has a rate limit, the pacing of its attempts. */
    private record EndpointClient(HttpClient http, Pacer pacer) {
    }

    /**
     * Spaces attempts evenly at a rate (no bursts). Hand-written: it is a dozen lines, where a token-bucket
     * library would bring buckets and refill policies we would not use.
     */
    static final class Pacer {
        private long nextFreeNanos = Long.MIN_VALUE;

        /** Takes the next slot at {@code perSecond}; returns how long to wait for it (0: now). */
        synchronized long delayNanos(int perSecond, long nowNanos) {
            long slot = nextFreeNanos == Long.MIN_VALUE || nextFreeNanos - nowNanos < 0 ? nowNanos : nextFreeNanos;
            nextFreeNanos = slot + 1_000_000_000L / perSecond;
            return slot - nowNanos;
        }
    }

    private EndpointClient clientOf(DeliveryJob job) {
        return clients.get(job.endpointId(), id -> new EndpointClient(
                vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_ENDPOINT)), new Pacer()));
    }

    /**
     * Sends the job's attempt, after its endpoint's rate limit allows; the future completes with its outcome
     * when the response (or the failure) is in.
     */
    CompletableFuture<DeliveryOutcome> send(DeliveryJob job) {
        return send(job, Span.getInvalid());
    }

    /**
     * As {@link #send(DeliveryJob)}, within the attempt's span: the request carries its {@code traceparent} header
     * when the span is recorded, so a receiver that traces continues the trace.
     */
    CompletableFuture<DeliveryOutcome> send(DeliveryJob job, Span span) {
        EndpointClient client = clientOf(job);
        CompletableFuture<Void> allowed = new CompletableFuture<>();
        long delay = job.rateLimit() == null ? 0 : client.pacer().delayNanos(job.rateLimit(), System.nanoTime());
        if (delay <= 0) {
            allowed.complete(null);
        } else {
            vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delay)), id -> allowed.complete(null));
        }
        return allowed.thenApplyAsync(ignored -> prepare(job, span), preparers).thenCompose(prepared -> exchange(client.http(), prepared));
    }

    /** A signed request ready to go, or the outcome of refusing it. */
    private record Prepared(RequestOptions request, Buffer body, DeliveryOutcome refusal, Instant attemptedAt, long startedNanos) {
    }

    private Prepared prepare(DeliveryJob job, Span span) {
        Instant attemptedAt = clock.instant();
        long started = System.nanoTime();
        URI uri = URI.create(job.url());
        WebhookUrlValidator.Destination destination = urlValidator.destinationAtDelivery(uri);
        if (destination.refused()) {
            return new Prepared(null, null, new DeliveryOutcome(null, "refused: " + destination.refusal(), 0, null, null, attemptedAt),
                    attemptedAt, started);
        }
        long timestamp = attemptedAt.getEpochSecond();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(job.url())
                // The address just checked, not a second lookup of the name; the URL's host stays in Host and TLS.
                .setServer(SocketAddress.inetSocketAddress(port(uri), destination.address().getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(config.timeout().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", USER_AGENT)
                .putHeader("webhook-id", job.eventId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSigner.signAll(job.secrets(), job.eventId(), timestamp, job.body()));
        String traceparent = TraceContext.of(span);
        if (traceparent != null) {
            request.putHeader("traceparent", traceparent);
        }
        return new Prepared(request, Buffer.buffer(job.body().getBytes(StandardCharsets.UTF_8)), null, attemptedAt, started);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private CompletableFuture<DeliveryOutcome> exchange(HttpClient http, Prepared prepared) {
        if (prepared.refusal() != null) {
            return CompletableFuture.completedFuture(prepared.refusal());
        }
        Exchange exchange = new Exchange(prepared);
        http.request(prepared.request()).onComplete(opened -> {
            if (opened.failed()) {
                exchange.failToConnect(opened.cause());
                return;
            }
            HttpClientRequest request = opened.result();
            exchange.start(request);
            request.send(prepared.body()).onComplete(answered -> {
                if (answered.failed()) {
                    exchange.fail(answered.cause());
                    return;
                }
                exchange.read(answered.result());
            });
        });
        return exchange.outcome;
    }

    /**
     * One request and its response. Getting a connection (waiting for a free one of the receiver's pool, then
     * connecting) has the timeout; so has the exchange from then on, as the JDK client's did until the
     * response headers: a timer resets the request when it fires first. An attempt that never got a
     * connection says so in its error, so the log does not suggest the receiver was slow. Of the body only
     * the first {@code response-body-limit} bytes are kept; then the request is reset too (which closes the
     * connection), so a receiver cannot make us read an endless body.
     */
    private final class Exchange {

        private final Prepared prepared;
        private final CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private final int limit = Math.max(0, config.responseBodyLimit());
        private volatile long timer = -1;
        private HttpClientRequest request;
        private Buffer kept;

        Exchange(Prepared prepared) {
            this.prepared = prepared;
        }

        /** The connection is there: the exchange's own timeout starts. */
        void start(HttpClientRequest request) {
            this.request = request;
            timer = vertx.setTimer(Math.max(1, config.timeout().toMillis()), id -> {
                if (finish(timeout(""))) {
                    request.reset();
                }
            });
        }

        void failToConnect(Throwable failure) {
            if (failure instanceof TimeoutException) {
                finish(timeout(" connecting to the receiver"));
            } else {
                fail(failure);
            }
        }

        void read(HttpClientResponse response) {
            kept = Buffer.buffer();
            response.exceptionHandler(this::fail);
            response.handler(chunk -> {
                if (done.get()) {
                    return;
                }
                int take = Math.min(chunk.length(), limit - kept.length());
                kept.appendBuffer(chunk, 0, take);
                if (kept.length() >= limit && finish(answered(response))) {
                    request.reset();
                }
            });
            response.endHandler(end -> finish(answered(response)));
        }

        private DeliveryOutcome answered(HttpClientResponse response) {
            return new DeliveryOutcome(response.statusCode(), null, millisSince(prepared.startedNanos()),
                    kept.toString(StandardCharsets.UTF_8), response.getHeader("retry-after"), prepared.attemptedAt());
        }

        void fail(Throwable failure) {
            if (isTimeout(failure)) {
                finish(timeout(""));
                return;
            }
            String message = failure.getMessage();
            finish(new DeliveryOutcome(null, nameOf(failure) + (message == null ? "" : ": " + message),
                    millisSince(prepared.startedNanos()), null, null, prepared.attemptedAt()));
        }

        private DeliveryOutcome timeout(String waiting) {
            return new DeliveryOutcome(null, "timeout after " + config.timeout().toMillis() + " ms" + waiting,
                    millisSince(prepared.startedNanos()), null, null, prepared.attemptedAt());
        }

        /** Completes the outcome once; returns false if it was already complete. */
        private boolean finish(DeliveryOutcome result) {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            outcome.complete(result);
            return true;
        }
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException || failure instanceof io.netty.channel.ConnectTimeoutException
                || failure instanceof java.net.SocketTimeoutException;
    }

    /**
     * The name of the nearest {@code java.*} class of a failure ({@code ConnectException} rather than Netty's
     * {@code AnnotatedConnectException}), so the attempt log reads the same whatever client sends.
     */
    private static String nameOf(Throwable failure) {
        Class<?> type = failure.getClass();
        while (type.getSuperclass() != null && !type.getName().startsWith("java.")) {
            type = type.getSuperclass();
        }
        return type.getName().startsWith("java.") && type != Throwable.class && type != Exception.class
                && type != RuntimeException.class ? type.getSimpleName() : failure.getClass().getSimpleName();
    }

    private static int millisSince(long startedNanos) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
