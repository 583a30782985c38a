package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * A Daktela request that failed: the one exception type of this client (its subclasses name the
 * common cases so callers can catch what they handle).
 *
 * <p>Unchecked, because most callers can only let it travel up to their own error mapping. The
 * message names the operation and the HTTP status, never the access token; the errors are
 * Daktela's own messages, normalised to a list of strings whatever shape the server used.
 */
public class DaktelaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<String> errors;
    private final transient JsonNode errorPayload;

    /**
     * @param message what failed, without secrets
     * @param status the HTTP status, or 0 when no response arrived
     * @param errors Daktela's error messages, possibly empty
     * @param errorPayload the raw {@code error} node of the envelope, or null
     * @param cause the underlying failure, or null
     */
    public DaktelaException(String message, int status, List<String> errors, JsonNode errorPayload, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.errorPayload = errorPayload == null ? MissingNode.getInstance() : errorPayload;
    }

    /** The HTTP status, or 0 when no response arrived (I/O error, timeout). */
    public int status() {
        return status;
    }

    /** Daktela's error messages (form errors flattened to {@code field: message}); possibly empty. */
    public List<String> errors() {
        return errors;
    }

    /** The raw {@code error} node of the envelope, or a missing node when there was none. */
    public JsonNode errorPayload() {
        return errorPayload;
    }
}
