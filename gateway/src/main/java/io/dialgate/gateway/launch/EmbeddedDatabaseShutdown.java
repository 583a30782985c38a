package io.dialgate.gateway.launch;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Stops the embedded database (when this process started one) as the last shutdown step: its observer
 * runs after every other {@link ShutdownEvent} observer, so the poll leases are released and the
 * dispatcher has written its results before the database goes away.
 */
@ApplicationScoped
public class EmbeddedDatabaseShutdown {

    void onStart(@Observes StartupEvent start) {
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            Preflight.ownDatabase().ifPresent(EmbeddedDatabase::applicationStarted);
        }
    }

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent stop) {
        // In dev mode the application stops on every live reload, and the database must outlive it: the JVM's
        // shutdown hook (Preflight) stops it when dev mode itself ends.
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            Preflight.ownDatabase().ifPresent(EmbeddedDatabase::stop);
        }
    }
}
