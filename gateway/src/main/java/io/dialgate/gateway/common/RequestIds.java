package io.dialgate.gateway.common;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id (honouring a sane incoming {@code X-Request-Id}), echoes it in the
 * response and puts it in the MDC, so a problem body that cites it leads straight to the log line.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String KEY = "dialgate.requestId";
    private static final Pattern INCOMING = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @RouteFilter(1000)
    void assign(RoutingContext context) {
        String incoming = context.request().getHeader(HEADER);
        String id = incoming != null && INCOMING.matcher(incoming).matches() ? incoming : newId();
        context.put(KEY, id);
        context.response().putHeader(HEADER, id);
        MDC.put("requestId", id);
        context.addEndHandler(done -> MDC.remove("requestId"));
        context.next();
    }

    public static String of(RoutingContext context) {
        String id = context == null ? null : context.get(KEY);
        return id == null ? newId() : id;
    }

    private static String newId() {
        // A correlation id, not a secret: no need for SecureRandom's lock and reads from /dev/urandom on every request.
        return "req_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
