package io.dialgate.gateway.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses bodies over {@code quarkus.http.limits.max-body-size} with a problem document. Vert.x and
 * Quarkus REST enforce the same limit themselves but answer with an empty 413, which would be the one
 * error in the API without a problem body.
 *
 * <p>A declared length is checked at once. A chunked body is read here, up to the limit; Quarkus REST
 * then takes the body already read instead of reading the request itself, and a body over the limit
 * fails the route with 413, which {@link RouterProblems} answers.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}");

    private final long maxBytes;
    private final BodyHandler unknownLength;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        this.maxBytes = max.asLongValue();
        this.unknownLength = BodyHandler.create(false).setBodyLimit(maxBytes);
    }

    @RouteFilter(900)
    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader("Content-Length");
        if (length != null && DECIMAL.matcher(length).matches() && Long.parseLong(length) > maxBytes) {
            RouterProblems.send(context, 413, "payload_too_large", "The body has " + length + " bytes; the limit is " + maxBytes);
            return;
        }
        // HTTP/1.x only: Quarkus REST cannot take over an HTTP/2 request whose body was read before it (it pauses
        // the request, which Vert.x refuses once an HTTP/2 request has ended), so there Quarkus REST keeps its empty 413.
        if (length == null && request.version() != HttpVersion.HTTP_2 && request.headers().contains("Transfer-Encoding")) {
            unknownLength.handle(context);
            return;
        }
        context.next();
    }
}
