package io.dialgate.client;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entry point: makes {@link DaktelaClient}s and {@link DaktelaLogin}s, and owns the connections.
 *
 * <p>Per PBX base URL it keeps one transport, on the Vert.x HTTP client, with two
 * connection pools (commands and long polls, sized by the options). Clients for many users of one
 * PBX therefore share connections, and long polls never starve commands. Create one per
 * application and close it on shutdown.
 *
 * <p>Needs a running Quarkus application (the transport uses its Vert.x instance). The
 * depending application's build indexes this jar, which ships a {@code beans.xml} for that.
 */
public final class DaktelaClients implements AutoCloseable {

    private final DaktelaClientOptions options;
    private final Map<URI, Transport> transports = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private DaktelaClients(DaktelaClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A factory with these options. */
    public static DaktelaClients create(DaktelaClientOptions options) {
        return new DaktelaClients(options);
    }

    /** A factory with {@link DaktelaClientOptions#defaults()}. */
    public static DaktelaClients create() {
        return create(DaktelaClientOptions.defaults());
    }

    /** The options every client of this factory uses. */
    public DaktelaClientOptions options() {
        return options;
    }

    /**
     * A client acting as the token's user.
     *
     * @param pbxBaseUrl the PBX root, e.g. {@code https://acme.daktela.com} (the client adds {@code /api/v6/...})
     */
    public DaktelaClient forUser(URI pbxBaseUrl, AccessToken token) {
        URI base = normalise(pbxBaseUrl);
        return new DaktelaClient(base, transport(base), Objects.requireNonNull(token, "token"));
    }

    /** Login and token refresh on a PBX. */
    public DaktelaLogin login(URI pbxBaseUrl) {
        URI base = normalise(pbxBaseUrl);
        return new DaktelaLogin(base, transport(base));
    }

    private Transport transport(URI base) {
        if (closed) {
            throw new IllegalStateException("DaktelaClients is closed");
        }
        return transports.computeIfAbsent(base, b -> new Transport(b, options));
    }

    /**
     * Closes the connections to one PBX (for example when a tenant removes it). Clients already
     * made for it stop working; a later {@link #forUser} or {@link #login} opens new connections.
     */
    public void release(URI pbxBaseUrl) {
        Transport t = transports.remove(normalise(pbxBaseUrl));
        if (t != null) {
            t.close();
        }
    }

    /** How many PBX transports are open; for tests. */
    int transportCount() {
        return transports.size();
    }

    static URI normalise(URI pbxBaseUrl) {
        Objects.requireNonNull(pbxBaseUrl, "pbxBaseUrl");
        String scheme = pbxBaseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("PBX base URL must be http or https: " + pbxBaseUrl);
        }
        if (pbxBaseUrl.getRawQuery() != null || pbxBaseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("PBX base URL must not have a query or fragment");
        }
        String s = pbxBaseUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    /** Closes every connection; clients made by this factory stop working. */
    @Override
    public void close() {
        closed = true;
        transports.values().forEach(Transport::close);
        transports.clear();
    }
}
