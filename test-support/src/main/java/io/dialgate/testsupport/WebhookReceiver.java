package io.dialgate.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real webhook receiver on 127.0.0.1 for tests and benchmarks: records every request with its
 * headers, body and arrival time, answers with a status that can be switched mid-test, and checks
 * Standard Webhooks signatures.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One received request. */
    public record Received(String id, String timestamp, String signature, String body, long receivedNanos) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                receiver.received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        new String(body, StandardCharsets.UTF_8), System.nanoTime()));
                exchange.sendResponseHeaders(receiver.status.get(), -1);
                exchange.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the webhook receiver", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The status the next requests get (e.g. 500 to make deliveries fail, 204 to recover). */
    public void answerWith(int code) {
        status.set(code);
    }

    /** Whether {@code r} carries a valid {@code v1} signature for {@code secret} ({@code whsec_...}). */
    public static boolean signedWith(Received r, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
            byte[] expected = Base64.getEncoder().encode(
                    mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
            for (String candidate : r.signature().split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** For readable failures. */
    public Map<String, Integer> summary() {
        return Map.of("received", received.size(), "status", status.get());
    }
}
