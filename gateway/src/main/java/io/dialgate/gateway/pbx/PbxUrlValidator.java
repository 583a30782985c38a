package io.dialgate.gateway.pbx;

import io.dialgate.gateway.common.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks a PBX base URL: absolute http(s), no credentials, query or fragment, and https unless insecure URLs
 * are explicitly allowed. Tokens travel in every request, so plain http would expose them. Where the host may
 * point is checked before every request ({@link PbxAddressPolicy}), since DNS can change after registration.
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
        if (scheme.equals("http") && !config.allowInsecureUrls()) {
            throw invalid("must use https (plain http would expose access tokens; the operator can allow it with "
                    + "DIALGATE_PBX_ALLOW_INSECURE_URLS for tests)");
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

    private static Errors.ValidationException invalid(String message) {
        return new Errors.ValidationException("baseUrl", message);
    }
}
