package io.dialgate.gateway.pbx;

import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaForbiddenException;
import io.dialgate.client.DaktelaNotFoundException;
import io.dialgate.client.DaktelaRateLimitedException;
import io.dialgate.client.DaktelaUnauthorizedException;
import io.dialgate.client.DaktelaUnavailableException;
import io.dialgate.client.DaktelaValidationException;
import io.dialgate.gateway.common.DialgateException;
import io.dialgate.gateway.common.Errors;
import java.time.Duration;
import java.util.List;

/**
 * Turns the api-client's Daktela errors into gateway errors, passing Daktela's own message on: 502
 * for a PBX failure, 504 for a time-out, 422 where the PBX refused the input, 409 where it refused
 * the operation for the user's rights or state, 429 when it throttles us.
 */
public final class PbxErrorTranslator {

    private PbxErrorTranslator() {
    }

    /** {@code operation} reads as "queue login", "call creation"... and leads the message. */
    public static DialgateException translate(DaktelaException e, String operation) {
        String pbxSays = e.errors().isEmpty() ? "" : ": " + String.join("; ", e.errors());
        if (e instanceof DaktelaUnauthorizedException) {
            return new Errors.UnprocessableException("token_invalid", "The PBX refused the user's access token during "
                    + operation + "; replace it with PATCH /v1/users/{id} {accessToken} or {password}");
        }
        if (e instanceof DaktelaForbiddenException) {
            return new Errors.PbxConflictException("pbx_forbidden", "The PBX does not allow this " + operation + pbxSays);
        }
        if (e instanceof DaktelaValidationException validation) {
            List<DialgateException.FieldError> fields = validation.fieldErrors().entrySet().stream()
                    .map(f -> new DialgateException.FieldError(f.getKey(), f.getValue())).toList();
            return new Errors.PbxRejectedException("The PBX refused the " + operation + pbxSays, fields);
        }
        if (e instanceof DaktelaNotFoundException) {
            return new Errors.PbxRejectedException("The PBX does not know an object named in the " + operation + pbxSays, List.of());
        }
        if (e instanceof DaktelaRateLimitedException limited) {
            return new Errors.RateLimitedException("The PBX is throttling requests; " + operation + " not done",
                    limited.retryAfter().orElse(Duration.ofSeconds(1)));
        }
        if (e instanceof DaktelaUnavailableException unavailable && unavailable.timedOut()) {
            return new Errors.PbxTimeoutException("The PBX did not answer the " + operation + " in time");
        }
        boolean mayHaveActed = !(e instanceof DaktelaUnavailableException unavailable) || unavailable.mayHaveReachedPbx();
        String what = e.status() > 0 ? " (HTTP " + e.status() + ")" : mayHaveActed ? " (connection lost before its answer)" : " (unreachable)";
        return new Errors.PbxUnavailableException("The PBX failed the " + operation + what + pbxSays, mayHaveActed);
    }
}
