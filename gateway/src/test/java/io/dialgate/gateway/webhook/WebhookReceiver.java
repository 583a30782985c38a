package io.dialgate.gateway.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on 127.0.0.1 (the Svix TestReceiver pattern): records every request's headers
 * and body, and answers with a status (and optional Retry-After) that the test can switch at any time or
 * script as a queue of one-off answers.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(Map<String, String> headers, String body, Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public record Answer(int status, String retryAfter) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> scripted = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> failFirst = new ConcurrentHashMap<>();
    private final Map<String, Runnable> onRequest = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Answer standing = new Answer(200, null);
    private volatile Runnable everyRequest = () -> { };
    private volatile String replyBody;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                handle(exchange);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        received.add(new Received(headers, body, Instant.now()));
        String messageId = headers.getOrDefault("webhook-id", "");
        everyRequest.run();
        Runnable action = onRequest.remove(messageId);
        if (action != null) {
            action.run();
        }
        Answer answer = failFirst.computeIfPresent(messageId, (k, n) -> n - 1) != null
                && failFirst.get(messageId) >= 0 ? new Answer(503, null) : scripted.poll();
        if (answer == null) {
            answer = standing;
        }
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        String text = replyBody;
        byte[] reply = (text != null ? text : "status " + answer.status()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every later request gets this status. */
    public void answer(int status) {
        standing = new Answer(status, null);
    }

    /** The next requests get these answers, one each, before the standing one applies again. */
    public void then(int status, String retryAfter) {
        scripted.add(new Answer(status, retryAfter));
    }

    /** The first {@code times} requests carrying this webhook-id get 503, whatever else is scripted. */
    public void failFirst(String messageId, int times) {
        failFirst.put(messageId, times);
    }

    /** Runs {@code action} on the receiver's thread when the first request with this webhook-id arrives, before answering it. */
    public void onRequest(String messageId, Runnable action) {
        onRequest.put(messageId, action);
    }

    /** Runs {@code action} on the receiver's thread for every request, before answering it (to make the receiver slow). */
    public void onEveryRequest(Runnable action) {
        everyRequest = action;
    }

    /** Every later answer carries this body instead of {@code status <code>}. */
    public void replyBody(String body) {
        replyBody = body;
    }

    /** The most requests this receiver was handling at one time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
