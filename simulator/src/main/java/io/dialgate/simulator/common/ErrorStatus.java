package io.dialgate.simulator.common;

import java.util.Map;

/** The single table from domain exception to HTTP status, shared by the Daktela API and /_sim. */
public final class ErrorStatus {

    private static final Map<Class<? extends SimulatorException>, Integer> STATUS = Map.of(
            ConflictException.class, 409,
            ForbiddenException.class, 403,
            InvalidInputException.class, 400,
            InvalidFieldException.class, 400,
            MethodNotAllowedException.class, 405,
            NotFoundException.class, 404,
            PayloadTooLargeException.class, 413,
            UnauthorizedException.class, 401,
            UnknownInstanceException.class, 404);

    private ErrorStatus() {
    }

    /** Status for an exception; 400 for a subclass with an explicit status, 500 for anything else. */
    public static int of(Throwable error) {
        if (error instanceof StatusException statusError) {
            return statusError.status();
        }
        Integer status = STATUS.get(error.getClass());
        return status == null ? 500 : status;
    }
}
