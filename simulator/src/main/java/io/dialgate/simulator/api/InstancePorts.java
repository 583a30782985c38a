package io.dialgate.simulator.api;

import io.dialgate.simulator.common.ConflictException;
import io.dialgate.simulator.common.InvalidInputException;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Instances with a listening port of their own, for clients that know a PBX only as {@code http://host:port}.
 * Each is an extra Vert.x HTTP server on the simulator's listen address, routed by {@link ApiRouter} with the
 * instance fixed; it closes when its port is removed or changed, and when the simulator stops.
 *
 * <p>Vert.x shares a server between every {@code listen} on the same host and port within one Vert.x
 * instance, taking turns between their handlers. A port already served here (the main HTTP port, or another
 * instance's) would then answer as either, so such ports are refused before listening rather than shared.
 */
@ApplicationScoped
public class InstancePorts {

    private static final Logger LOG = Logger.getLogger(InstancePorts.class);
    private static final long LISTEN_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final ApiRouter api;
    private final String host;
    private final List<Integer> reserved;
    private final Map<String, Listener> listeners = new HashMap<>();

    public InstancePorts(Vertx vertx, ApiRouter api, Config config) {
        this.vertx = vertx;
        this.api = api;
        this.host = config.getOptionalValue("quarkus.http.host", String.class).orElse("127.0.0.1");
        this.reserved = Stream.of("quarkus.http.port", "quarkus.http.ssl-port", "quarkus.management.port")
                .map(name -> config.getOptionalValue(name, Integer.class).orElse(0))
                .filter(port -> port > 0)
                .toList();
    }

    /** A listening server of one instance, not yet assigned while its instance may still be refused. */
    public record Listener(String instance, int port, HttpServer server) {
    }

    /** The port an instance listens on, if it has one. */
    public synchronized Optional<Integer> port(String instance) {
        return Optional.ofNullable(listeners.get(instance)).map(Listener::port);
    }

    /**
     * Starts listening for an instance on {@code port} (0: any free port). Returns empty when the instance
     * already listens where asked (its own port, or any port for 0). The caller {@link #assign assigns} the
     * listener once the instance exists, or {@link #discard discards} it.
     */
    public synchronized Optional<Listener> listen(String instance, int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("Field 'port' must be between 1 and 65535, or 0 for any free port");
        }
        Listener current = listeners.get(instance);
        if (current != null && (port == 0 || port == current.port())) {
            return Optional.empty();
        }
        if (port > 0) {
            refuseTaken(port);
        }
        if (Context.isOnEventLoopThread()) {
            // Listening completes on an event loop; waiting for it there would wait forever.
            throw new IllegalStateException("Instance ports are opened from a worker thread, not an event loop");
        }
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(api.routerFor(instance));
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            throw new ConflictException("Cannot listen on " + host + ":" + port + " for instance '" + instance + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IllegalStateException("Interrupted while opening a port for instance '" + instance + "'", e);
        }
        return Optional.of(new Listener(instance, server.actualPort(), server));
    }

    /** Makes a listener its instance's port, closing the one it had. */
    public synchronized void assign(Listener listener) {
        Listener previous = listeners.put(listener.instance(), listener);
        if (previous != null) {
            closeAndWait(previous);
        }
        LOG.infof("PBX instance '%s' also listens on %s:%d", listener.instance(), host, listener.port());
    }

    /** Closes a listener that was never assigned. */
    public void discard(Listener listener) {
        closeAndWait(listener);
    }

    /** Stops an instance's own port; nothing happens when it has none. */
    public synchronized void close(String instance) {
        Listener listener = listeners.remove(instance);
        if (listener != null) {
            closeAndWait(listener);
            LOG.infof("PBX instance '%s' no longer listens on port %d", instance, listener.port());
        }
    }

    /**
     * Vert.x closes its servers when it closes, but in dev mode it outlives a live reload: without this, the
     * reloaded simulator would find its instances' ports held by the old one's routes.
     */
    synchronized void onStop(@Observes ShutdownEvent event) {
        listeners.values().forEach(InstancePorts::closeAndWait);
        listeners.clear();
    }

    /** Closes a server and waits until its port is free, so whoever asked may reuse the port at once. */
    private static void closeAndWait(Listener listener) {
        try {
            listener.server().close().toCompletionStage().toCompletableFuture()
                    .get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Port %d of instance '%s' did not close cleanly: %s", listener.port(), listener.instance(),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Refuses a port served here already or held by another process. Binding a plain socket finds the
     * latter; it cannot find a server Vert.x would share, hence the explicit checks first.
     */
    private void refuseTaken(int port) {
        if (reserved.contains(port)) {
            throw new ConflictException("Port " + port + " is the simulator's own port");
        }
        for (Listener other : listeners.values()) {
            if (other.port() == port) {
                throw new ConflictException("Port " + port + " already serves instance '" + other.instance() + "'");
            }
        }
        try {
            new ServerSocket(port, 1, InetAddress.getByName(host)).close();
        } catch (IOException e) {
            throw new ConflictException("Port " + port + " is in use on " + host);
        }
    }
}
