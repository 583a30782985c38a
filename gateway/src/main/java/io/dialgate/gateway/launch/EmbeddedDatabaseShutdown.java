package io.dialgate.gateway.launch;

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
        Preflight.ownDatabase().ifPresent(EmbeddedDatabase::applicationStarted);
    }

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent stop) {
        Preflight.ownDatabase().ifPresent(EmbeddedDatabase::stop);
    }
}
