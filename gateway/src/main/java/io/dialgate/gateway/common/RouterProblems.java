package io.dialgate.gateway.common;

import io.dialgate.gateway.database.DatabaseAvailability;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Problem documents for the errors Quarkus REST never sees: a route filter that refuses a request, a
 * body over the limit while it streams in, a request the router itself rejects (no {@code Host}
 * header, a path whose percent-encoding does not decode). Without this the router answers with an
 * empty body or Quarkus's own error JSON.
 */
@ApplicationScoped
public class RouterProblems {

    private static final Logger LOG = Logger.getLogger(RouterProblems.class);

    private final long maxBodyBytes;
    private final DatabaseAvailability database;

    public RouterProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            DatabaseAvailability database) {
        this.maxBodyBytes = maxBody.asLongValue();
        this.database = database;
    }

    void install(@Observes Router router) {
        router.route().failureHandler(this::failed);
        // A path that cannot be decoded fails while routes are matched, before any failure handler can run:
        // the router hands it only to the error handler of its status.
        router.errorHandler(400, context -> send(context, 400, "invalid_request",
                "The request path or query is not valid: check its percent-encoding (%XX, two hex digits)"));
        router.errorHandler(500, context -> failed(context, 500));
    }

    private void failed(RoutingContext context) {
        int status = context.statusCode();
        if (status < 0) {
            status = context.failure() instanceof HttpException http ? http.getStatusCode() : 500;
        }
        failed(context, status);
    }

    private void failed(RoutingContext context, int status) {
        switch (status) {
            case 400 -> send(context, 400, "invalid_request", context.request().host() == null
                    ? "The Host header is required" : "The request is malformed");
            case 413 -> send(context, 413, "payload_too_large", "The body is larger than the limit of " + maxBodyBytes + " bytes");
            default -> {
                if (status >= 500 && context.failure() != null && database.absorb(context.failure())) {
                    // A route filter that reads the database (the action-hook guard) answers an outage as the API does.
                    if (!context.response().headWritten()) {
                        context.response().putHeader("Retry-After", String.valueOf(ProblemMapper.DATABASE_RETRY_AFTER_SECONDS));
                    }
                    send(context, 503, "database_unavailable", ProblemMapper.DATABASE_UNAVAILABLE);
                } else if (status >= 500) {
                    String requestId = RequestIds.of(context);
                    LOG.errorf(context.failure(), "Unexpected error in request %s", requestId);
                    send(context, 500, "internal_error",
                            "An unexpected error occurred; quote request id " + requestId + " when reporting it");
                } else {
                    LOG.debugf(context.failure(), "Client error %s", status);
                    send(context, status, Problems.title(status).toLowerCase().replaceAll("[^a-z]+", "_"), Problems.title(status));
                }
            }
        }
    }

    /**
     * Answers with a problem document and closes the connection: what is left of a refused request
     * (a body still arriving, a request line cut short) must not be read as the next request.
     */
    public static void send(RoutingContext context, int status, String code, String detail) {
        if (context.response().headWritten()) {
            context.request().connection().close();
            return;
        }
        Problem problem = Problems.of(status, code, detail, RequestIds.of(context), List.of());
        HttpServerResponse response = context.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (context.request().version() != HttpVersion.HTTP_2) {
            response.putHeader("Connection", "close"); // HTTP/2 forbids the header; a reset stream ends the body there
        }
        response.end(Json.encode(problem));
    }
}
