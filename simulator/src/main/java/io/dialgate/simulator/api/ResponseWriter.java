package io.dialgate.simulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.DaktelaTime;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.journal.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes every Daktela API answer: the v6 envelope, JSONP wrapping, CORS headers when the instance
 * enables them, and the journal entry. Nothing else writes to an API response.
 */
@ApplicationScoped
public class ResponseWriter {

    private static final String HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    /** What a browser sends as Origin; anything else is never reflected into a response header. */
    private static final Pattern ORIGIN = Pattern.compile("null|[A-Za-z][A-Za-z0-9+.-]*://[^\\x00-\\x20\\x7f/?#]+");

    private final ObjectMapper mapper;
    private final Clock clock;
    /** Allowed origins in lower case; null when every origin is reflected. */
    private final Set<String> allowedOrigins;

    public ResponseWriter(ObjectMapper mapper, Clock clock, SimulatorConfig config) {
        this.mapper = mapper;
        this.clock = clock;
        List<String> origins = config.cors().allowedOrigins();
        this.allowedOrigins = origins.contains("*") ? null
                : origins.stream().map(ResponseWriter::canonicalOrigin).collect(Collectors.toUnmodifiableSet());
    }

    /** A successful envelope around {@code result}. */
    ObjectNode envelope(JsonNode result) {
        ObjectNode envelope = Json.object();
        envelope.putArray("error");
        envelope.set("result", result);
        envelope.put("_time", DaktelaTime.now(clock));
        return envelope;
    }

    /** An error envelope: a list of messages and a null result. */
    ObjectNode errorEnvelope(String... messages) {
        ObjectNode envelope = Json.object();
        ArrayNode errors = envelope.putArray("error");
        for (String message : messages) {
            errors.add(message);
        }
        envelope.putNull("result");
        envelope.put("_time", DaktelaTime.now(clock));
        return envelope;
    }

    /** Writes an envelope with its status, as JSONP when the request named a callback. */
    void write(Exchange exchange, int status, ObjectNode envelope) {
        HttpServerResponse response = exchange.context.response();
        if (response.ended() || response.closed()) {
            journal(exchange, 0);
            return;
        }
        cors(exchange);
        if (status == 204) {
            response.setStatusCode(204).end();
            journal(exchange, 204);
            return;
        }
        if (envelope != null) {
            // The PBX's clock in its own zone, and the zone's name, as Daktela sends them.
            java.time.ZoneId zone = exchange.instance == null ? clock.getZone() : exchange.instance.profile().zone();
            envelope.put("_time", DaktelaTime.now(clock, zone));
            envelope.put("_timezone", zone.getId());
        }
        // A page may load any URL as a script; nosniff makes browsers refuse to run the JSON answers
        // (a refused callback among them) and to read the JSONP ones as anything but JavaScript.
        response.putHeader("X-Content-Type-Options", "nosniff");
        try {
            if (exchange.callback != null) {
                // JSONP cannot read HTTP statuses: always 200, the real status rides inside.
                envelope.put("_status", status);
                String body = exchange.callback + "(" + mapper.writeValueAsString(envelope) + ");";
                response.setStatusCode(200).putHeader("Content-Type", "application/javascript; charset=utf-8")
                        .end(body);
                journal(exchange, 200);
                return;
            }
            response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(Buffer.buffer(mapper.writeValueAsBytes(envelope)));
            journal(exchange, status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }

    /** The HTML page a failing proxy in front of a PBX returns. */
    void writeHtml502(Exchange exchange) {
        cors(exchange);
        exchange.context.response().setStatusCode(502).putHeader("Content-Type", "text/html").end(HTML_502);
        journal(exchange, 502);
    }

    /** Answers a CORS preflight: 204 with the allow headers when the instance enables CORS. */
    void writePreflight(Exchange exchange) {
        HttpServerResponse response = exchange.context.response();
        if (cors(exchange)) {
            response.putHeader("Access-Control-Allow-Headers", "X-Auth-Token, Content-Type")
                    .putHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
                    .putHeader("Access-Control-Max-Age", "600");
        }
        response.setStatusCode(204).end();
        journal(exchange, 204);
    }

    /** Closes the connection without answering, as a dying PBX or proxy would. */
    void drop(Exchange exchange) {
        exchange.context.request().connection().close();
        journal(exchange, 0);
    }

    /**
     * Adds the CORS headers when the instance enables CORS and the request's origin is allowed;
     * returns whether it did.
     */
    private boolean cors(Exchange exchange) {
        if (exchange.instance == null || !exchange.instance.cors()) {
            return false;
        }
        HttpServerResponse response = exchange.context.response();
        // The answer depends on Origin even when it carries no CORS headers: caches must not share it.
        response.putHeader("Vary", "Origin");
        String origin = exchange.context.request().getHeader("Origin");
        if (origin == null || !ORIGIN.matcher(origin).matches()
                || (allowedOrigins != null && !allowedOrigins.contains(canonicalOrigin(origin)))) {
            return false;
        }
        response.putHeader("Access-Control-Allow-Origin", origin)
                .putHeader("Access-Control-Allow-Credentials", "true");
        return true;
    }

    /** Browsers send origins in lower case without a trailing slash; settings may not. */
    private static String canonicalOrigin(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private void journal(Exchange exchange, int status) {
        if (exchange.instance == null) {
            return;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exchange.startNanos);
        exchange.instance.journal().add(new JournalEntry(exchange.method(), exchange.path(), exchange.endpoint,
                exchange.placement.wire(), status, ms, clock.instant().toString(),
                Secrets.maskQuery(exchange.context.request().query()),
                exchange.body == null || exchange.body.isEmpty() ? null : Secrets.mask(exchange.body)));
    }
}
