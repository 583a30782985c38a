import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's webhook receiver: prints each event Dialgate delivers, after checking its Standard
 * Webhooks signature. Run with {@code java demo/WebhookReceiver.java <port> <secret-file>}; it reads
 * the secret file on every request, so the launcher can write it after creating the endpoint.
 * A single-file program on purpose: it is what a subscriber would write, with nothing but the JDK.
 */
public class WebhookReceiver {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path secretFile = Path.of(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = verify(secretFile, id, timestamp, signatures, body);
            String json = new String(body, StandardCharsets.UTF_8);
            System.out.printf("%s  %s  %-16s %s%n", LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")),
                    valid ? "signature ok " : "BAD SIGNATURE", field(json, "type"), field(json, "data"));
            System.out.flush();
            exchange.sendResponseHeaders(valid ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
        System.out.println("Webhook receiver listening on http://127.0.0.1:" + port + "/events");
    }

    static boolean verify(Path secretFile, String id, String timestamp, String signatures, byte[] body) {
        try {
            if (id == null || timestamp == null || signatures == null || !Files.exists(secretFile)) {
                return false;
            }
            if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            String secret = Files.readString(secretFile).trim().replaceFirst("^whsec_", "");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
            for (String candidate : signatures.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** Crude field extraction, enough for a console line without a JSON library. */
    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":");
        if (at < 0) {
            return "";
        }
        int start = at + name.length() + 3;
        if (json.charAt(start) == '"') {
            return json.substring(start + 1, json.indexOf('"', start + 1));
        }
        int depth = 0;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (--depth == 0) {
                    return json.substring(start, i + 1);
                }
            }
        }
        return json.substring(start);
    }
}
