package io.dialgate.gateway.metrics;

import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaRateLimitedException;
import io.dialgate.client.DaktelaUnauthorizedException;
import io.dialgate.client.DaktelaUnavailableException;

/**
 * The {@code reason} label of {@code dialgate_poll_errors_total}. A fixed vocabulary rather than exception class
 * names, so that the label cannot grow with the code and the dashboard and docs can name every value.
 */
public enum PollFailure {
    /** No answer within the read time-out. */
    TIMEOUT("timeout"),
    /** No answer at all: connection refused or reset, DNS or TLS failure. */
    CONNECT("connect"),
    /** The PBX answered 5xx. */
    HTTP_5XX("http_5xx"),
    /** The PBX refused the user's token (401). */
    UNAUTHORIZED("unauthorized"),
    /** The PBX answered 429. */
    RATE_LIMITED("rate_limited"),
    /** Any other 4xx. */
    HTTP_4XX("http_4xx"),
    /** An answer that is not Daktela's envelope (a 2xx or 3xx the client could not read). */
    INVALID_ANSWER("invalid_answer"),
    /** Anything else (a bug rather than the PBX; the log has the stack). */
    OTHER("other");

    private final String label;

    PollFailure(String label) {
        this.label = label;
    }

    /** The label value as Prometheus shows it. */
    public String label() {
        return label;
    }

    /** Classifies a failed poll by what the Daktela client reported. */
    public static PollFailure of(Throwable failure) {
        if (!(failure instanceof DaktelaException daktela)) {
            return OTHER;
        }
        if (daktela instanceof DaktelaUnauthorizedException) {
            return UNAUTHORIZED;
        }
        if (daktela instanceof DaktelaRateLimitedException) {
            return RATE_LIMITED;
        }
        int status = daktela.status();
        if (status == 0) {
            return daktela instanceof DaktelaUnavailableException unavailable && unavailable.timedOut() ? TIMEOUT : CONNECT;
        }
        if (status >= 500) {
            return HTTP_5XX;
        }
        return status >= 400 ? HTTP_4XX : INVALID_ANSWER;
    }
}
