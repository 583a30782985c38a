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

/**
 * Guards against server-side request forgery through webhook URLs: absolute http(s), no credentials,
 * and a host that neither is nor resolves to a private, loopback, link-local, multicast or unspecified
 * address, unless {@code dialgate.webhook.allow-private-urls} is on. The check runs when an endpoint is
 * saved and again before every attempt ({@link #destinationAtDelivery}), because DNS can change in between;
 * the attempt then connects to the address that was checked, so a name that resolves anew between the check
 * and the connection (DNS rebinding) cannot lead it inside. A refusal never says whether a name resolves or
 * to what: that would let a tenant map the internal network.
 */
@ApplicationScoped
public class WebhookUrlValidator {

    /** Resolves a host name to its addresses; replaceable in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Where an attempt may go now: the address to connect to, or why it may not be made. */
    public record Destination(InetAddress address, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
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
        if (!allowPrivate) {
            Destination destination = destination(uri.getHost());
            if (destination.refused()) {
                throw invalid(destination.refusal());
            }
        }
        return uri.toString();
    }

    /** Where an attempt to this URL connects now, checked just before sending, or why it may not be made. */
    public Destination destinationAtDelivery(URI uri) {
        return destination(uri.getHost());
    }

    private Destination destination(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String refusal = "host '" + bare + "' does not resolve to a public address; webhooks may not target private,"
                + " loopback or link-local addresses";
        InetAddress[] addresses = resolve(bare);
        if (addresses.length == 0) {
            return new Destination(null, allowPrivate ? "host '" + bare + "' does not resolve" : refusal);
        }
        // Every address must pass: the client would otherwise be free to pick a private one.
        if (!allowPrivate && java.util.Arrays.stream(addresses).anyMatch(PrivateAddresses::isPrivate)) {
            return new Destination(null, refusal);
        }
        return new Destination(addresses[0], null);
    }

    /** The host's addresses; none when it does not resolve. */
    private InetAddress[] resolve(String host) {
        try {
            return resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    private static Errors.ValidationException invalid(String message) {
        return new Errors.ValidationException("url", message);
    }
}
