package io.dialgate.gateway.common;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses path and query parameters that contain control characters (a {@code %00} in an id, say):
 * no id, name or cursor of this API has them, and PostgreSQL cannot even compare text holding NUL.
 * Runs after authentication, so an unauthenticated caller still gets 401.
 */
public class PlainParameters {

    private static final String MESSAGE = "must not contain control characters";

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public void check(ContainerRequestContext context) {
        UriInfo uri = context.getUriInfo();
        List<DialgateException.FieldError> errors = new ArrayList<>();
        collect(uri.getPathParameters(), errors);
        collect(uri.getQueryParameters(), errors);
        if (!errors.isEmpty()) {
            String fields = errors.stream().map(DialgateException.FieldError::field).collect(Collectors.joining(", "));
            throw new Errors.ValidationException("Invalid " + fields + ": " + MESSAGE, errors);
        }
    }

    private static void collect(MultivaluedMap<String, String> parameters, List<DialgateException.FieldError> errors) {
        parameters.forEach((name, values) -> {
            if (hasControlCharacter(name) || values.stream().anyMatch(PlainParameters::hasControlCharacter)) {
                errors.add(new DialgateException.FieldError(name, MESSAGE));
            }
        });
    }

    private static boolean hasControlCharacter(String value) {
        return value != null && value.chars().anyMatch(Character::isISOControl);
    }
}
