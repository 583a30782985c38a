package io.dialgate.gateway;

import io.dialgate.gateway.launch.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One embedded PostgreSQL per test JVM (a real server, never H2), shared by every
 * {@code @QuarkusTest}; Flyway migrates it when the application starts.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase database;

    @Override
    public synchronized Map<String, String> start() {
        if (database == null) {
            try {
                database = EmbeddedDatabase.startTemporary();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(database::stop));
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedDatabase.USER,
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        // Kept for the whole JVM: the shutdown hook stops it once every test class is done.
    }
}
