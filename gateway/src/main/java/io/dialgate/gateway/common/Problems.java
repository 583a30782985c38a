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

    /**
     * Details and field errors often quote the client's input (an id, a field name); control characters
     * in it are replaced, so no problem document carries them back to a log viewer or a terminal.
     */
    public static Problem of(int status, String code, String detail, String requestId, List<DialgateException.FieldError> errors) {
        List<DialgateException.FieldError> printable = errors.stream()
                .map(f -> new DialgateException.FieldError(printable(f.field()), printable(f.message()))).toList();
        return new Problem(Problem.TYPE_BASE + code, title(status), status, printable(detail), code, requestId, printable);
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

    private static String printable(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(Character.isISOControl(c) ? '\uFFFD' : (char) c));
        return out.toString();
    }
}
