package io.dialgate.gateway.common;

/** Builds problem documents outside a request (e.g. to store an outcome for idempotent replay). */
public final class Problems {

    private Problems() {
    }

    public static int status(DialgateException e) {
        return ProblemMapper.STATUS.getOrDefault(e.getClass(), 500);
    }

    public static Problem of(DialgateException e, String requestId) {
        int status = status(e);
        jakarta.ws.rs.core.Response.Status known = jakarta.ws.rs.core.Response.Status.fromStatusCode(status);
        String title = known == null ? (status == 422 ? "Unprocessable Content" : "Error") : known.getReasonPhrase();
        return new Problem(Problem.TYPE_BASE + e.code(), title, status, e.getMessage(), e.code(), requestId, e.fieldErrors());
    }
}
