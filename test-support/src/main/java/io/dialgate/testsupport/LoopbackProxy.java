package io.dialgate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback for failure tests: it forwards to a target port until it is told to
 * {@link #cut()} the link (open connections are reset, new ones are closed at once, as a restarting
 * server or a dead link looks to a client) or to {@link #blackhole()} it (connections stay open but no
 * byte passes, as a network partition looks). {@link #restore()} forwards again. Only ever binds and
 * connects to the loopback address.
 */
public final class LoopbackProxy implements AutoCloseable {

    private enum Mode { FORWARD, CUT, BLACKHOLE }

    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private final Object modeChanged = new Object();

    private LoopbackProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "loopback-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy on a free loopback port in front of {@code 127.0.0.1:targetPort}. */
    public static LoopbackProxy to(int targetPort) {
        try {
            return new LoopbackProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback proxy", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Resets every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        setMode(Mode.CUT);
        closeOpen();
    }

    /** Lets no byte through on open or new connections, without closing them, until {@link #restore()}. */
    public void blackhole() {
        setMode(Mode.BLACKHOLE);
    }

    /** Forwards again (connections cut before stay closed; black-holed ones are reset so clients reconnect). */
    public void restore() {
        if (mode == Mode.BLACKHOLE) {
            closeOpen();
        }
        setMode(Mode.FORWARD);
    }

    private void setMode(Mode next) {
        synchronized (modeChanged) {
            mode = next;
            modeChanged.notifyAll();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        setMode(Mode.CUT);
        closeOpen();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.CUT) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // A closed server socket ends the loop; a failed upstream connect drops that one client.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (modeChanged) {
                        while (mode == Mode.BLACKHOLE) {
                            modeChanged.wait(); // held until the link is restored, cut or closed
                        }
                    }
                    if (mode == Mode.CUT) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The other side went away or the link was cut.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "loopback-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeOpen() {
        for (Socket socket : Set.copyOf(open)) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // Already closed.
            }
            closeQuietly(socket);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
