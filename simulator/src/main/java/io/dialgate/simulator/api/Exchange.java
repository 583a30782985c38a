package io.dialgate.simulator.api;

import io.dialgate.simulator.pbx.PbxInstance;
import io.vertx.ext.web.RoutingContext;

/**
 * The state of one Daktela API request while it moves through the pipeline, so the writer can
 * journal it and apply JSONP and CORS wherever the request ends.
 */
final class Exchange {

    final RoutingContext context;
    final long startNanos;
    PbxInstance instance;
    String endpoint;
    String record;
    /** The relation in {@code /{endpoint}/{name}/{relation}}, or null. */
    String relation;
    /** The parsed request body (or tunnelled query), echoed in a form error's {@code result}. */
    com.fasterxml.jackson.databind.node.ObjectNode body;
    TokenPlacement placement = TokenPlacement.NONE;
    String callback;
    /** The method a JSONP request tunnels ({@code _method}); null when the real method applies. */
    String methodOverride;

    Exchange(RoutingContext context, long startNanos) {
        this.context = context;
        this.startNanos = startNanos;
    }

    String method() {
        return methodOverride != null ? methodOverride : context.request().method().name();
    }

    String path() {
        return context.request().path();
    }
}
