package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The PBX could not be reached or did not answer properly: HTTP 5xx, a non-JSON page (a proxy's
 * HTML 502), an I/O error or a timeout. Reads have been retried per policy before this is thrown;
 * commands have not (see the README), so a caller may retry a command it knows to be idempotent.
 */
public class DaktelaUnavailableException extends DaktelaException {

    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    /**
     * @param status the HTTP status, or 0 when no response arrived
     * @param timedOut whether the request timed out (connect or read)
     */
    public DaktelaUnavailableException(String message, int status, List<String> errors, JsonNode errorPayload,
            boolean timedOut, Throwable cause) {
        super(message, status, errors, errorPayload, cause);
        this.timedOut = timedOut;
    }

    /** True when no answer arrived within the connect or read timeout. */
    public boolean timedOut() {
        return timedOut;
    }
}
