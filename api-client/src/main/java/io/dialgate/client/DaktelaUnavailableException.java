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
    private final boolean requestSent;

    /**
     * A failure after the request was (or may have been) sent.
     *
     * @param status the HTTP status, or 0 when no response arrived
     * @param timedOut whether the request timed out (connect or read)
     */
    public DaktelaUnavailableException(String message, int status, List<String> errors, JsonNode errorPayload,
            boolean timedOut, Throwable cause) {
        this(message, status, errors, errorPayload, timedOut, true, cause);
    }

    /**
     * @param requestSent false only when the request certainly never left (no connection could be made)
     */
    public DaktelaUnavailableException(String message, int status, List<String> errors, JsonNode errorPayload,
            boolean timedOut, boolean requestSent, Throwable cause) {
        super(message, status, errors, errorPayload, cause);
        this.timedOut = timedOut;
        this.requestSent = requestSent;
    }

    /**
     * Whether the PBX may have received, and acted on, the request. False only when no connection could be
     * made, so nothing was sent; a reset, a time-out or a 5xx (perhaps from a proxy in front of the PBX)
     * leave it open. A caller must not repeat a non-idempotent command (a dial) when this is true.
     */
    public boolean mayHaveReachedPbx() {
        return requestSent;
    }

    /** True when no answer arrived within the connect or read timeout. */
    public boolean timedOut() {
        return timedOut;
    }
}
