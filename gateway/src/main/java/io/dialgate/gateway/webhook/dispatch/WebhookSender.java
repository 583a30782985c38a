package io.dialgate.gateway.webhook.dispatch;

import io.dialgate.gateway.webhook.WebhookConfig;
import io.dialgate.gateway.webhook.WebhookSigner;
import io.dialgate.gateway.webhook.WebhookUrlValidator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
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
 * own; the Vert.x client against the same server did 9,000 to 11,000. One HTTP/1.1 connection pool per
 * receiver, of at most {@link #CONNECTIONS_PER_RECEIVER} connections; redirects are not followed.
 */
@ApplicationScoped
public class WebhookSender {

    static final String USER_AGENT = "Dialgate-Webhooks/1.0";

    /** Threads that check the URL and sign; a lookup against a slow DNS server blocks one of them, not the dispatcher loop. */
    private static final int PREPARE_THREADS = 4;

    /**
     * Most connections to one receiver (host and port); further attempts to it wait for one. Below the 200 idle
     * connections a JDK {@code HttpServer} keeps by default: past that it closed connections our pool still
     * held, and attempts sent on them failed ("Connection was closed", 56 of 10,000 in the engine benchmark).
     */
    static final int CONNECTIONS_PER_RECEIVER = 64;

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
    private final HttpClient http;

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
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout(timeoutMillis)
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(Math.max(1, Math.min(CONNECTIONS_PER_RECEIVER, config.dispatcher().concurrency()))));
    }

    @PreDestroy
    void close() {
        preparers.shutdownNow();
        http.close();
    }

    /** Sends the job's attempt; the future completes with its outcome when the response (or the failure) is in. */
    CompletableFuture<DeliveryOutcome> send(DeliveryJob job) {
        return CompletableFuture.supplyAsync(() -> prepare(job), preparers).thenCompose(this::exchange);
    }

    /** A signed request ready to go, or the outcome of refusing it. */
    private record Prepared(RequestOptions request, Buffer body, DeliveryOutcome refusal, Instant attemptedAt, long startedNanos) {
    }

    private Prepared prepare(DeliveryJob job) {
        Instant attemptedAt = clock.instant();
        long started = System.nanoTime();
        URI uri = URI.create(job.url());
        Optional<String> refusal = urlValidator.refusalAtDelivery(uri);
        if (refusal.isPresent()) {
            return new Prepared(null, null, new DeliveryOutcome(null, "refused: " + refusal.get(), 0, null, null, attemptedAt),
                    attemptedAt, started);
        }
        long timestamp = attemptedAt.getEpochSecond();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(job.url())
                .setFollowRedirects(false)
                .setConnectTimeout(config.timeout().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", USER_AGENT)
                .putHeader("webhook-id", job.eventId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSigner.signAll(job.secrets(), job.eventId(), timestamp, job.body()));
        return new Prepared(request, Buffer.buffer(job.body().getBytes(StandardCharsets.UTF_8)), null, attemptedAt, started);
    }

    private CompletableFuture<DeliveryOutcome> exchange(Prepared prepared) {
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
                finish(timeout(" waiting for a connection to the receiver"));
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
