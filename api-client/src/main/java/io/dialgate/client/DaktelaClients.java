package io.dialgate.client;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Entry point: makes {@link DaktelaClient}s and {@link DaktelaLogin}s, and owns the connections.
 *
 * <p>Per PBX base URL it keeps one transport, on the Vert.x HTTP client, with two
 * connection pools (commands and long polls, sized by the options). Clients for many users of one
 * PBX therefore share connections, and long polls never starve commands. Create one per
 * application and close it on shutdown.
 *
 * <p>The transports run on Vert.x. Inside a running Quarkus application {@link #create()} uses the
 * application's Vert.x instance (the application's build indexes this jar, which ships a {@code beans.xml}).
 * Anywhere else, a plain Java program included, it starts a Vert.x instance of its own, which
 * {@link #close()} stops: close the factory when done, or its threads keep the JVM alive. An application
 * with a Vert.x instance of its own passes it to {@link #create(Vertx, DaktelaClientOptions)}; that one is
 * never closed here.
 */
public final class DaktelaClients implements AutoCloseable {

    /** How long {@link #close()} waits for a Vert.x instance of its own to stop. */
    private static final long OWN_VERTX_STOP_SECONDS = 10;

    private final DaktelaClientOptions options;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Map<URI, Transport> transports = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private DaktelaClients(DaktelaClientOptions options, Vertx vertx, boolean ownsVertx) {
        this.options = Objects.requireNonNull(options, "options");
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
    }

    /**
     * A factory with these options, on the running Quarkus application's Vert.x instance, or outside
     * Quarkus on one of its own (stopped by {@link #close()}).
     */
    public static DaktelaClients create(DaktelaClientOptions options) {
        Objects.requireNonNull(options, "options");
        return QuarkusVertx.running()
                .map(shared -> new DaktelaClients(options, shared, false))
                .orElseGet(() -> new DaktelaClients(options, Vertx.vertx(), true));
    }

    /**
     * A factory on the given Vert.x instance, which stays the caller's: {@link #close()} closes the
     * connections but not the instance.
     */
    public static DaktelaClients create(Vertx vertx, DaktelaClientOptions options) {
        return new DaktelaClients(options, Objects.requireNonNull(vertx, "vertx"), false);
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
            throw new IllegalStateException("This DaktelaClients is closed: make a new one with DaktelaClients.create()"
                    + " and keep it open for as long as the application uses Daktela (one per application).");
        }
        return transports.computeIfAbsent(base, b -> new Transport(b, options, vertx));
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

    /** The Vert.x instance the transports run on; for tests. */
    Vertx vertx() {
        return vertx;
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

    /**
     * Closes every connection, and stops the Vert.x instance if this factory started it; clients made by
     * this factory stop working (their calls fail with an {@link IllegalStateException}). Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transports.values().forEach(Transport::close);
        transports.clear();
        if (ownsVertx) {
            var stopped = vertx.close().toCompletionStage().toCompletableFuture();
            // On one of this instance's own threads, waiting would wait for itself.
            if (!Context.isOnVertxThread()) {
                try {
                    stopped.get(OWN_VERTX_STOP_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // Its threads end on their own; nothing the caller could do about it.
                }
            }
        }
    }
}
