package io.dialgate.gateway.common;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Refuses a request whose target is not a valid URI, is longer than {@link HttpLimitsConfig#maxUriLength()}
 * or whose headers exceed {@link HttpLimitsConfig#maxHeaderSize()}, with a problem document.
 *
 * <p>Quarkus refuses invalid URIs itself, before the router, with an empty 400; the gateway turns that
 * check off ({@link #DISABLE_QUARKUS_URI_VALIDATION}, set by {@code GatewayMain}, the tests' and dev mode's
 * Maven configuration) and makes the same one here, where it can answer with a body. Without the property
 * Quarkus's check still runs first, and invalid URIs get its empty 400.
 */
@ApplicationScoped
public class RequestHeadLimits {

    /** The system property that turns off Quarkus's own URI check; read once, when Quarkus starts. */
    public static final String DISABLE_QUARKUS_URI_VALIDATION = "vertx.disableURIValidation";

    private final int maxUriLength;
    private final long maxHeaderBytes;

    public RequestHeadLimits(HttpLimitsConfig config) {
        this.maxUriLength = config.maxUriLength();
        this.maxHeaderBytes = config.maxHeaderSize().asLongValue();
    }

    @RouteFilter(950)
    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String uri = request.uri();
        if (uri.length() > maxUriLength) {
            RouterProblems.send(context, 414, "uri_too_long",
                    "The request target has " + uri.length() + " characters; the limit is " + maxUriLength);
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length();
        }
        if (headerBytes > maxHeaderBytes) {
            RouterProblems.send(context, 431, "headers_too_large",
                    "The headers have " + headerBytes + " bytes; the limit is " + maxHeaderBytes);
            return;
        }
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            RouterProblems.send(context, 400, "invalid_request", "The request target is not a valid URI ("
                    + e.getReason() + "): characters outside RFC 3986 must be percent-encoded as %XX");
            return;
        }
        context.next();
    }
}
