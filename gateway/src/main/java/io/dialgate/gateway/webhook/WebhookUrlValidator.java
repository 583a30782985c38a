package io.dialgate.gateway.webhook;

import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.PrivateAddresses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Guards against server-side request forgery through webhook URLs: absolute http(s), no credentials,
 * and a host that neither is nor resolves to a private, loopback, link-local, multicast or unspecified
 * address, unless {@code dialgate.webhook.allow-private-urls} is on. The check runs when an endpoint is
 * saved and again before every attempt ({@link #refusalAtDelivery}), because DNS can change in between.
 */
@ApplicationScoped
public class WebhookUrlValidator {

    /** Resolves a host name to its addresses; replaceable in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    @Inject
    public WebhookUrlValidator(WebhookConfig config) {
        this(config.allowPrivateUrls(), InetAddress::getAllByName);
    }

    public WebhookUrlValidator(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Returns the URL as stored, or throws a validation error on {@code url}. */
    public String validate(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("must not contain a fragment");
        }
        refusal(uri.getHost()).ifPresent(reason -> {
            throw invalid(reason);
        });
        return uri.toString();
    }

    /** Why an attempt to this URL must not be made now (empty when it may), checked just before sending. */
    public Optional<String> refusalAtDelivery(URI uri) {
        return refusal(uri.getHost());
    }

    private Optional<String> refusal(String host) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return Optional.of("host '" + bare + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            if (PrivateAddresses.isPrivate(address)) {
                return Optional.of("host '" + bare + "' is or resolves to a private, loopback or link-local address ("
                        + address.getHostAddress() + "), which webhooks may not target");
            }
        }
        return Optional.empty();
    }

    private static Errors.ValidationException invalid(String message) {
        return new Errors.ValidationException("url", message);
    }
}
