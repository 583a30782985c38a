package io.dialgate.gateway.common;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem documents: for {@link ProblemMapper}, and outside a request (an outcome stored for idempotent replay). */
public final class Problems {

    private Problems() {
    }

    public static int status(DialgateException e) {
        return ProblemMapper.STATUS.getOrDefault(e.getClass(), 500);
    }

    public static Problem of(DialgateException e, String requestId) {
        return of(status(e), e.code(), e.getMessage(), requestId, e.fieldErrors());
    }

    public static Problem of(int status, String code, String detail, String requestId, List<DialgateException.FieldError> errors) {
        return new Problem(Problem.TYPE_BASE + code, title(status), status, detail, code, requestId, errors);
    }

    /** The reason phrase of a status, in RFC 9110's words; Jakarta REST's table lacks 422 and has older names for 413 and 414. */
    public static String title(int status) {
        return switch (status) {
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 422 -> "Unprocessable Content";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known == null ? "Error" : known.getReasonPhrase();
            }
        };
    }
}
