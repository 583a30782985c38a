package io.dialgate.gateway.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;

/**
 * Bean Validation may read and cascade into every property. With Hibernate ORM present the default
 * resolver asks JPA whether each property is loaded before touching it, on every validated request;
 * what the API validates are plain request records, never entities, so the answer is always yes.
 * (Hibernate ORM's own validation of entities on persist brings its own resolver.) Quarkus uses a
 * {@link TraversableResolver} bean in place of the default.
 */
@ApplicationScoped
public class PlainRecordTraversal implements TraversableResolver {

    @Override
    public boolean isReachable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
            Path pathToTraversableObject, ElementType elementType) {
        return true;
    }

    @Override
    public boolean isCascadable(Object traversableObject, Path.Node traversableProperty, Class<?> rootBeanType,
            Path pathToTraversableObject, ElementType elementType) {
        return true;
    }
}
