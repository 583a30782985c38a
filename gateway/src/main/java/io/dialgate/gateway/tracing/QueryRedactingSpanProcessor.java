package io.dialgate.gateway.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * Keeps query values out of every span: the HTTP instrumentation records full URLs ({@code url.full}) and
 * queries ({@code url.query}), and a query may carry a secret (a Daktela {@code accessToken} when a client
 * places the token there, a key in a webhook receiver's URL). Parameter names stay, values become
 * {@code REDACTED}. Quarkus registers every {@link SpanProcessor} bean with the tracer; this one changes
 * attributes as a span starts, before any exporter sees it.
 *
 * <p>While it reads {@code url.full} it also fills {@code server.address} and {@code server.port} of a client
 * span that lacks them: the Vert.x client instrumentation leaves them out for a client with a default host
 * (the PBX clients), and they are what a trace view groups outgoing requests by.
 */
@Singleton
public class QueryRedactingSpanProcessor implements SpanProcessor {

    static final AttributeKey<String> URL_FULL = Tracing.URL_FULL;
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final String REDACTED = "REDACTED";

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String full = span.getAttribute(URL_FULL);
        if (full != null && full.indexOf('?') >= 0) {
            span.setAttribute(URL_FULL, redactUrl(full));
        }
        if (full != null && span.getKind() == SpanKind.CLIENT && span.getAttribute(Tracing.SERVER_ADDRESS) == null) {
            try {
                URI uri = URI.create(full);
                if (uri.getHost() != null) {
                    span.setAttribute(Tracing.SERVER_ADDRESS, uri.getHost());
                    span.setAttribute(Tracing.SERVER_PORT, (long) (uri.getPort() > 0 ? uri.getPort()
                            : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80));
                }
            } catch (IllegalArgumentException unparsable) {
                // Leave the span without them: its url.full says what there is to say.
            }
        }
        String query = span.getAttribute(URL_QUERY);
        if (query != null && !query.isEmpty()) {
            span.setAttribute(URL_QUERY, redactQuery(query));
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /** The URL with every query value replaced; the fragment, if any, dropped. */
    public static String redactUrl(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        int fragment = url.indexOf('#', query);
        String rest = fragment < 0 ? url.substring(query + 1) : url.substring(query + 1, fragment);
        return url.substring(0, query + 1) + redactQuery(rest);
    }

    /** {@code a=1&b=2} becomes {@code a=REDACTED&b=REDACTED}; a parameter without a value stays as it is. */
    public static String redactQuery(String query) {
        StringBuilder out = new StringBuilder(query.length());
        for (String parameter : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int equals = parameter.indexOf('=');
            out.append(equals < 0 ? parameter : parameter.substring(0, equals + 1) + REDACTED);
        }
        return out.toString();
    }
}
