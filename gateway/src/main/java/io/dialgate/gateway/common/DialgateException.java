package io.dialgate.gateway.common;

import java.util.List;

/**
 * Root of every domain error. Domain exceptions know nothing of HTTP: {@link ProblemMapper} owns the
 * one table from exception class to status. {@link #code()} is a stable snake_case identifier that
 * clients may switch on; the message is for people and never contains a secret.
 */
public abstract class DialgateException extends RuntimeException {

    private final String code;

    protected DialgateException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    protected DialgateException(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Field-level problems, for validation errors; empty otherwise. */
    public List<FieldError> fieldErrors() {
        return List.of();
    }

    /** A problem with one input field: a JSON path such as {@code queue} or {@code body.penalty}, and what is wrong. */
    public record FieldError(String field, String message) {
    }
}
