package io.dialgate.gateway.common;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses query parameters the endpoint does not declare, as unknown JSON fields are refused: a misspelt
 * {@code ?limt=10} would otherwise be ignored without a word, and the caller would not know why the page
 * has 50 items. The declared names come from the resource method's {@code @QueryParam} / {@code @RestQuery}
 * parameters and the fields of its {@code @BeanParam}s, read once per method (JAX-RS offers no list of them).
 */
public class KnownQueryParameters {

    private static final Map<Method, Set<String>> DECLARED = new ConcurrentHashMap<>();

    @ServerRequestFilter(priority = Priorities.USER + 110)
    public void check(ContainerRequestContext context, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Set<String> declared = DECLARED.computeIfAbsent(method, KnownQueryParameters::declared);
        Set<String> unknown = new TreeSet<>(context.getUriInfo().getQueryParameters().keySet());
        unknown.removeAll(declared);
        if (!unknown.isEmpty()) {
            String allowed = declared.isEmpty() ? "this endpoint takes no query parameters" : "allowed: " + String.join(", ", new TreeSet<>(declared));
            List<DialgateException.FieldError> errors = unknown.stream()
                    .map(name -> new DialgateException.FieldError(name, "unknown query parameter (" + allowed + ")")).toList();
            throw new Errors.ValidationException("Unknown query parameter " + String.join(", ", unknown) + "; " + allowed, errors);
        }
    }

    static Set<String> declared(Method method) {
        Set<String> names = new TreeSet<>();
        for (Parameter parameter : method.getParameters()) {
            addName(parameter, parameter.getName(), names);
            if (parameter.isAnnotationPresent(BeanParam.class)) {
                for (Class<?> type = parameter.getType(); type != null && type != Object.class; type = type.getSuperclass()) {
                    for (Field field : type.getDeclaredFields()) {
                        addName(field, field.getName(), names);
                    }
                }
            }
        }
        return Set.copyOf(names);
    }

    private static void addName(AnnotatedElement element, String javaName, Set<String> names) {
        QueryParam query = element.getAnnotation(QueryParam.class);
        if (query != null) {
            names.add(query.value());
        }
        RestQuery rest = element.getAnnotation(RestQuery.class);
        if (rest != null) {
            names.add(rest.value().isEmpty() ? javaName : rest.value());
        }
    }
}
