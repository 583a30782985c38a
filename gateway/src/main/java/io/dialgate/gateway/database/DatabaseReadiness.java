package io.dialgate.gateway.database;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows in the readiness report whether PostgreSQL can be reached, without making the replica unready. Every
 * replica shares the database, so an outage would take them all out of the Service at once: clients would get a
 * load balancer's bare error instead of {@code 503 database_unavailable} with {@code Retry-After}, and node drains
 * would stall on the disruption budget until the database returned. (Quarkus's own pool check, which fails, is
 * switched off with {@code quarkus.datasource.health.enabled=false}.)
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "Database";

    private final DatabaseAvailability database;

    public DatabaseReadiness(DatabaseAvailability database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up().withData("reachable", !database.isDown());
        database.downSince().ifPresent(since -> response.withData("unreachableSince", since.toString()));
        return response.build();
    }
}
