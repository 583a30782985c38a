package io.dialgate.simulator.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one error path of the control API: RFC 9457 problem+json with {@code type}, {@code title},
 * {@code status}, {@code detail} and a stable {@code code}. Never a stack trace.
 */
public class ProblemMapper {

    /** Media type of every control-API error. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response domain(SimulatorException error) {
        return problem(ErrorStatus.of(error), error.getMessage());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException error) {
        Throwable cause = error.getCause();
        if (cause instanceof SimulatorException domain) {
            return domain(domain);
        }
        if (error instanceof UnrecognizedPropertyException unknown) {
            return problem(400, "Unknown field '" + unknown.getPropertyName() + "'");
        }
        if (error instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return problem(400, "Field '" + field + "' has the wrong type");
        }
        return problem(400, "Malformed JSON body");
    }

    /** Declared separately: Quarkus ships its own mapper for this subtype, which would win otherwise. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException error) {
        return json(error);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException error) {
        Throwable cause = error.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = error.getResponse().getStatus();
        return problem(status, Response.Status.fromStatusCode(status) == null ? "Request failed"
                : Response.Status.fromStatusCode(status).getReasonPhrase());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException error) {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        LOG.errorf(error, "Unexpected control API failure (request id %s)", id);
        return problem(500, "Internal simulator error, request id " + id);
    }

    static Response problem(int status, String detail) {
        return Response.status(status).type(PROBLEM_JSON).entity(body(status, detail)).build();
    }

    /**
     * The problem document for a status and detail, for the few control-API answers written before
     * JAX-RS sees the request (a missing control token).
     */
    public static Map<String, Object> body(int status, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", title.toLowerCase().replace(' ', '_'));
        return body;
    }
}
