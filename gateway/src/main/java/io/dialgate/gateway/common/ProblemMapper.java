package io.dialgate.gateway.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dialgate.gateway.database.DatabaseAvailability;
import io.vertx.ext.web.RoutingContext;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one error path: every exception leaves as {@code application/problem+json}.
 * Domain exceptions map through {@link #STATUS}; framework exceptions (bad JSON, unknown fields,
 * Bean Validation, unknown paths) are translated here too, so no client ever sees a stack trace.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** What a client is told to wait during a database outage: about the probe's period plus a reconnect. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;
    static final String DATABASE_UNAVAILABLE = "The gateway's database cannot be reached. Retry after the time in Retry-After";

    private final DatabaseAvailability database;

    public ProblemMapper(DatabaseAvailability database) {
        this.database = database;
    }

    /** Exception class to HTTP status, alphabetical. */
    static final Map<Class<? extends DialgateException>, Integer> STATUS = Map.ofEntries(
            Map.entry(Errors.ConflictException.class, 409),
            Map.entry(Errors.ForbiddenException.class, 403),
            Map.entry(Errors.NotFoundException.class, 404),
            Map.entry(Errors.PbxConflictException.class, 409),
            Map.entry(Errors.PbxRejectedException.class, 422),
            Map.entry(Errors.PbxTimeoutException.class, 504),
            Map.entry(Errors.PbxUnavailableException.class, 502),
            Map.entry(Errors.RateLimitedException.class, 429),
            Map.entry(Errors.UnauthenticatedException.class, 401),
            Map.entry(Errors.UnprocessableException.class, 422),
            Map.entry(Errors.ValidationException.class, 400));

    @ServerExceptionMapper
    public Response domain(DialgateException e, RoutingContext context) {
        Response.ResponseBuilder response = Response.status(Problems.status(e)).type(Problem.MEDIA_TYPE)
                .entity(Problems.of(e, RequestIds.of(context)));
        if (e instanceof Errors.UnauthenticatedException) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (e instanceof Errors.RateLimitedException limited) {
            response.header("Retry-After", Math.max(1, (long) Math.ceil(limited.retryAfter().toMillis() / 1000.0)));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, RoutingContext context) {
        List<DialgateException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new DialgateException.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(DialgateException.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return build(400, "validation_failed", "Invalid request: " + detail, errors, context).build();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, RoutingContext context) {
        String field = path(e);
        return build(400, "unknown_field", "Unknown field '" + field + "'; see the API reference at /q/swagger-ui",
                List.of(new DialgateException.FieldError(field, "unknown field")), context).build();
    }

    /** Quarkus REST rethrows this one unwrapped and has its own (empty-bodied) mapper for it. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e, RoutingContext context) {
        return e instanceof UnrecognizedPropertyException unknown ? unknownField(unknown, context) : badJson(e, context);
    }

    @ServerExceptionMapper
    public Response badJson(JsonMappingException e, RoutingContext context) {
        String field = path(e);
        if (e instanceof JsonInputRules.ControlCharacterException) {
            return domain(new Errors.ValidationException(field.isEmpty() ? "body" : field, e.getOriginalMessage()), context);
        }
        String message = field.isEmpty() ? "the body is not the expected JSON object"
                : e instanceof InvalidFormatException invalid && invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                        ? "must be one of " + jsonNames(invalid.getTargetType())
                        : "has the wrong type or format";
        return build(400, "malformed_body", field.isEmpty() ? "Malformed body: " + message : "Field '" + field + "' " + message,
                field.isEmpty() ? List.of() : List.of(new DialgateException.FieldError(field, message)), context).build();
    }

    @ServerExceptionMapper
    public Response unparsable(JsonProcessingException e, RoutingContext context) {
        // The parser's words for a key given twice (JsonInputRules); the parser stands on that key.
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '")
                && e.getProcessor() instanceof JsonParser parser) {
            String field = path(parser.getParsingContext());
            return build(400, "malformed_body", "Field '" + field + "' appears more than once",
                    List.of(new DialgateException.FieldError(field, "appears more than once")), context).build();
        }
        return build(400, "malformed_json", "The body is not valid JSON", List.of(), context).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, RoutingContext context) {
        // Quarkus REST wraps body-parsing failures in a 400; answer them as the Jackson errors they are.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return unknownField(unknown, context);
            }
            if (cause instanceof JsonMappingException mapping) {
                return badJson(mapping, context);
            }
            if (cause instanceof JsonProcessingException parsing) {
                return unparsable(parsing, context);
            }
        }
        LOG.debugf("Client error %s: %s", e.getResponse().getStatus(), e);
        if (e.getResponse().getStatus() == 404 && e.getCause() instanceof IllegalArgumentException) {
            // JAX-RS answers an unconvertible query or path parameter with 404; to a client it is bad input.
            return build(400, "invalid_parameter", "A query or path parameter has the wrong type: " + e.getCause().getMessage(),
                    List.of(), context).build();
        }
        int status = e.getResponse().getStatus();
        if (status == 404 && AllowedMethods.servesOthers(context.request().path(), context.request().method().name())) {
            // Quarkus REST answers some wrong methods on a served path (POST .../state) with 404: the path exists.
            status = 405;
        }
        if (status >= 500) {
            return unexpected(e, context);
        }
        String reason = Problems.title(status);
        String detail = switch (status) {
            case 404 -> "No such resource: " + context.request().path();
            case 405 -> "Method " + context.request().method() + " is not allowed on " + context.request().path();
            case 415 -> "Unsupported content type; send application/json";
            case 406 -> "Cannot produce the requested media type; accept application/json";
            default -> reason;
        };
        String code = reason.toLowerCase().replaceAll("[^a-z]+", "_");
        Response.ResponseBuilder response = build(status, code, detail, List.of(), context);
        if (status == 405) {
            String allow = AllowedMethods.of(context.request().path());
            if (!allow.isEmpty()) {
                response.header("Allow", allow);
            }
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, RoutingContext context) {
        if (database.absorb(e)) {
            return build(503, "database_unavailable", DATABASE_UNAVAILABLE, List.of(), context)
                    .header("Retry-After", DATABASE_RETRY_AFTER_SECONDS).build();
        }
        if (concurrentChange(e)) {
            // Two requests changed or deleted the same row at once (a retry racing its first attempt): the other one won.
            LOG.debugf("Concurrent change: %s", e);
            return build(409, "concurrent_change", "Another request changed or deleted this object at the same moment;"
                    + " read it again before retrying", List.of(), context).build();
        }
        String requestId = RequestIds.of(context);
        LOG.errorf(e, "Unexpected error in request %s", requestId);
        return build(500, "internal_error", "An unexpected error occurred; quote request id " + requestId + " when reporting it",
                List.of(), context).build();
    }

    static Response.ResponseBuilder build(int status, String code, String detail, List<DialgateException.FieldError> errors,
            RoutingContext context) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problems.of(status, code, detail, RequestIds.of(context), errors));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static boolean concurrentChange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }

    private static String path(JsonStreamContext position) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext at = position; at != null && !at.inRoot(); at = at.getParent()) {
            parts.addFirst(at.inArray() ? "[" + at.getCurrentIndex() + "]" : "." + at.getCurrentName());
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    /** The values a client may send for an enum: its Jackson names, as the API documents them. */
    private static String jsonNames(Class<?> type) {
        return java.util.Arrays.stream(type.getFields()).filter(java.lang.reflect.Field::isEnumConstant)
                .map(f -> f.isAnnotationPresent(JsonProperty.class) ? f.getAnnotation(JsonProperty.class).value() : f.getName())
                .collect(Collectors.joining(", "));
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "create.request.name" -> "name": the method and parameter names mean nothing to a client.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }
}
