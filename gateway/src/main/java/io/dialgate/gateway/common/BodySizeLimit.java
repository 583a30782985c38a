package io.dialgate.gateway.common;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses declared bodies over {@code quarkus.http.limits.max-body-size} with a problem document.
 * Vert.x enforces the same limit itself but answers with an empty 413, which would be the one
 * error in the API without a problem body.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}");

    private final long maxBytes;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") io.quarkus.runtime.configuration.MemorySize max) {
        this.maxBytes = max.asLongValue();
    }

    @RouteFilter(900)
    void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && DECIMAL.matcher(length).matches() && Long.parseLong(length) > maxBytes) {
            Problem problem = new Problem(Problem.TYPE_BASE + "payload_too_large", "Content Too Large", 413,
                    "The body has " + length + " bytes; the limit is " + maxBytes, "payload_too_large", RequestIds.of(context), List.of());
            context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close").end(Json.encode(problem));
            return;
        }
        context.next();
    }
}
