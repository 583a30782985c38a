package io.dialgate.gateway.webhook;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one signed delivery attempt (Standard Webhooks headers, STYLE 16) without holding a thread while
 * it is in flight: the JDK HttpClient's {@code sendAsync}, so the number of attempts in flight is bounded by
 * the dispatcher, not by a thread pool. Whatever happens becomes a {@link DeliveryOutcome}; the returned
 * future fails only on a programming error.
 */
@ApplicationScoped
public class WebhookSender {

    static final String USER_AGENT = "Dialgate-Webhooks/1.0";

    /** Threads that check the URL and sign; a lookup against a slow DNS server blocks one of them, not the dispatcher loop. */
    private static final int PREPARE_THREADS = 8;

    private final WebhookUrlValidator urlValidator;
    private final WebhookConfig config;
    private final Clock clock;
    private final ThreadPoolExecutor preparers;
    private final HttpClient http;

    public WebhookSender(WebhookUrlValidator urlValidator, WebhookConfig config, Clock clock) {
        this.urlValidator = urlValidator;
        this.config = config;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.preparers = new ThreadPoolExecutor(PREPARE_THREADS, PREPARE_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "webhook-prepare-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.preparers.allowCoreThreadTimeOut(true);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout())
                .build(); // its own default executor: the preparers may block on DNS, so sharing theirs could starve it
    }

    @PreDestroy
    void close() {
        preparers.shutdownNow();
    }

    /** Sends the job's attempt; the future completes with its outcome when the response (or the failure) is in. */
    CompletableFuture<DeliveryOutcome> send(DeliveryJob job) {
        return CompletableFuture.supplyAsync(() -> prepare(job), preparers).thenCompose(prepared -> prepared.request() == null
                ? CompletableFuture.completedFuture(prepared.refusal())
                : http.sendAsync(prepared.request(), info -> new LimitedBody(config.responseBodyLimit()))
                        .handle((response, failure) -> outcome(prepared, response, failure)));
    }

    /** A signed request ready to go, or the outcome of refusing it. */
    private record Prepared(HttpRequest request, DeliveryOutcome refusal, Instant attemptedAt, long startedNanos) {
    }

    private Prepared prepare(DeliveryJob job) {
        Instant attemptedAt = clock.instant();
        long started = System.nanoTime();
        URI uri = URI.create(job.url());
        Optional<String> refusal = urlValidator.refusalAtDelivery(uri);
        if (refusal.isPresent()) {
            return new Prepared(null, new DeliveryOutcome(null, "refused: " + refusal.get(), 0, null, null, attemptedAt), attemptedAt,
                    started);
        }
        long timestamp = attemptedAt.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("content-type", "application/json")
                .header("user-agent", USER_AGENT)
                .header("webhook-id", job.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.signAll(job.secrets(), job.eventId(), timestamp, job.body()))
                .POST(HttpRequest.BodyPublishers.ofString(job.body(), StandardCharsets.UTF_8))
                .build();
        return new Prepared(request, null, attemptedAt, started);
    }

    private DeliveryOutcome outcome(Prepared prepared, HttpResponse<String> response, Throwable failure) {
        int duration = millisSince(prepared.startedNanos());
        if (failure == null) {
            return new DeliveryOutcome(response.statusCode(), null, duration, response.body(),
                    response.headers().firstValue("retry-after").orElse(null), prepared.attemptedAt());
        }
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) {
            return new DeliveryOutcome(null, "timeout after " + config.timeout().toMillis() + " ms", duration, null, null,
                    prepared.attemptedAt());
        }
        if (cause instanceof IOException) {
            return new DeliveryOutcome(null, cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    duration, null, null, prepared.attemptedAt());
        }
        throw new CompletionException(cause);
    }

    private static int millisSince(long startedNanos) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /**
     * Keeps the first {@code limit} bytes of a response body for the attempt log. Once it has them it cancels
     * the rest, which closes the connection: a receiver cannot make us read an endless body (the blocking
     * sender did the same by closing its stream after {@code readNBytes}). Bodies are usually empty.
     */
    static final class LimitedBody implements HttpResponse.BodySubscriber<String> {

        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = Math.max(0, limit);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (limit == 0) {
                finish();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), limit - kept.size());
                byte[] bytes = new byte[take];
                buffer.get(bytes);
                kept.write(bytes, 0, take);
                if (kept.size() >= limit) {
                    finish();
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(kept.toString(StandardCharsets.UTF_8));
        }

        private void finish() {
            body.complete(kept.toString(StandardCharsets.UTF_8));
            subscription.cancel();
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }
    }
}
