package io.dialgate.gateway.common;

import java.time.Duration;
import java.util.List;

/**
 * The domain exceptions of the gateway, grouped in one file because each is a two-line class and
 * the set is easier to review side by side with {@link ProblemMapper}'s status table.
 */
public final class Errors {

    private Errors() {
    }

    /** The object does not exist, or belongs to another tenant (never a 403: existence is not disclosed). */
    public static final class NotFoundException extends DialgateException {
        public NotFoundException(String what, String id) {
            super("not_found", what + " '" + id + "' does not exist");
        }
    }

    /** Input that breaks a rule, with one entry per offending field. */
    public static final class ValidationException extends DialgateException {
        private final List<FieldError> errors;

        public ValidationException(String message, List<FieldError> errors) {
            super("validation_failed", message);
            this.errors = List.copyOf(errors);
        }

        public ValidationException(String field, String message) {
            this("Invalid " + field + ": " + message, List.of(new FieldError(field, message)));
        }

        @Override
        public List<FieldError> fieldErrors() {
            return errors;
        }
    }

    /** A well-formed request the gateway cannot carry out (semantic error), e.g. a token the PBX refuses. */
    public static final class UnprocessableException extends DialgateException {
        public UnprocessableException(String code, String message) {
            super(code, message);
        }
    }

    /** The request conflicts with the current state (duplicate name, idempotent request still running). */
    public static final class ConflictException extends DialgateException {
        public ConflictException(String code, String message) {
            super(code, message);
        }
    }

    /** Missing or wrong credentials. */
    public static final class UnauthenticatedException extends DialgateException {
        public UnauthenticatedException(String message) {
            super("unauthenticated", message);
        }
    }

    /** Valid credentials that may not do this (a suspended tenant). */
    public static final class ForbiddenException extends DialgateException {
        public ForbiddenException(String code, String message) {
            super(code, message);
        }
    }

    /** Too many requests; {@link #retryAfter()} tells when to try again. */
    public static final class RateLimitedException extends DialgateException {
        private final Duration retryAfter;

        public RateLimitedException(String message, Duration retryAfter) {
            super("rate_limited", message);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The PBX failed or could not be reached (502). */
    public static final class PbxUnavailableException extends DialgateException {
        private final boolean mayHaveActed;

        public PbxUnavailableException(String message) {
            this(message, true);
        }

        /** @param mayHaveActed false only when the request certainly never reached the PBX */
        public PbxUnavailableException(String message, boolean mayHaveActed) {
            super("pbx_unavailable", message);
            this.mayHaveActed = mayHaveActed;
        }

        /** Whether the PBX may have carried the request out although its answer was lost. */
        public boolean mayHaveActed() {
            return mayHaveActed;
        }
    }

    /** The PBX did not answer in time (504). */
    public static final class PbxTimeoutException extends DialgateException {
        public PbxTimeoutException(String message) {
            super("pbx_timeout", message);
        }
    }

    /** The PBX refused the operation (422), with Daktela's own message passed on. */
    public static final class PbxRejectedException extends DialgateException {
        private final List<FieldError> errors;

        public PbxRejectedException(String message, List<FieldError> errors) {
            super("pbx_rejected", message);
            this.errors = List.copyOf(errors);
        }

        @Override
        public List<FieldError> fieldErrors() {
            return errors;
        }
    }

    /** The PBX says the operation conflicts with the user's state (409), e.g. no rights over another user. */
    public static final class PbxConflictException extends DialgateException {
        public PbxConflictException(String code, String message) {
            super(code, message);
        }
    }
}
