package io.dialgate.client;

import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * The Vert.x instance of a running Quarkus application, when this client lives in one. Quarkus is an
 * optional dependency: this class only touches its classes after checking they are on the class path,
 * so a plain Java program without them never loads them.
 */
final class QuarkusVertx {

    private static final boolean ARC_PRESENT = present("io.quarkus.arc.Arc");

    private QuarkusVertx() {
    }

    /** Quarkus' Vert.x, if Quarkus is on the class path and its container is running. */
    static Optional<Vertx> running() {
        return ARC_PRESENT ? FromArc.vertx() : Optional.empty();
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, QuarkusVertx.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when Arc is present, so its references to Quarkus classes resolve. */
    private static final class FromArc {
        static Optional<Vertx> vertx() {
            io.quarkus.arc.ArcContainer container = io.quarkus.arc.Arc.container();
            if (container == null || !container.isRunning()) {
                return Optional.empty();
            }
            io.quarkus.arc.InstanceHandle<Vertx> handle = container.instance(Vertx.class);
            return handle.isAvailable() ? Optional.of(handle.get()) : Optional.empty();
        }
    }
}
