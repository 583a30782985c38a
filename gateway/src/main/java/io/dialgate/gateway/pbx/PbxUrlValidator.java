package io.dialgate.gateway.pbx;

import io.dialgate.gateway.common.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Checks a PBX base URL: absolute http(s), no credentials, query or fragment, and https unless the
 * host is loopback (the simulator) or insecure URLs are explicitly allowed. Tokens travel in every
 * request, so plain http to a remote host would leak them.
 */
@ApplicationScoped
public class PbxUrlValidator {

    private final PbxConfig config;

    public PbxUrlValidator(PbxConfig config) {
        this.config = config;
    }

    /** Returns the normalised URL (no trailing slash) or throws a validation error on {@code baseUrl}. */
    public String validate(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid("must be an http or https URL, such as https://mycompany.daktela.com");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("must name a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("must not contain credentials, a query or a fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost()) && !config.allowInsecureUrls()) {
            throw invalid("must use https (plain http is accepted only for loopback hosts)");
        }
        String normalised = uri.toString();
        while (normalised.endsWith("/")) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        if (normalised.endsWith("/api/v6")) {
            throw invalid("must be the PBX address without /api/v6, such as https://mycompany.daktela.com");
        }
        return normalised;
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here would let DNS decide what is "local".
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Errors.ValidationException invalid(String message) {
        return new Errors.ValidationException("baseUrl", message);
    }
}
