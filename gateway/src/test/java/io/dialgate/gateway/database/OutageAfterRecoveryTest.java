package io.dialgate.gateway.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work that began while the database was away can fail after it came back. Such a failure must not open a second
 * outage (a second WARN line, a second round of 503 and waiting background work) when the database answers; a
 * failure after a recovery while the database is really away again still must.
 */
class OutageAfterRecoveryTest {

    private final SwitchableDataSource dataSource = new SwitchableDataSource();
    private final DatabaseAvailability database = new DatabaseAvailability(dataSource.asDataSource(), Clock.systemUTC());

    @AfterEach
    void stopProbe() {
        database.onStop(null);
    }

    @Test
    void shouldNotReportAFailureFromDuringTheOutageOnceTheDatabaseAnswersAgain() {
        goDownAndRecover();
        int connectionsBefore = dataSource.connections.get();

        assertThat(database.absorb(brokenConnection())).as("still an outage failure for its caller").isTrue();
        assertThat(database.isDown()).as("not down on the word of a failure that may be stale").isFalse();
        AtomicBoolean resumed = new AtomicBoolean();
        database.whenAvailable(() -> resumed.set(true));
        assertThat(resumed).as("work handed over runs at once").isTrue();

        await("the probe checks the database").atMost(Duration.ofSeconds(5))
                .until(() -> dataSource.connections.get() > connectionsBefore);
        assertThat(database.isDown()).isFalse();
    }

    @Test
    void shouldReportANewOutageSoonAfterARecoveryWhenTheDatabaseIsAwayAgain() {
        goDownAndRecover();
        dataSource.up.set(false);

        assertThat(database.absorb(brokenConnection())).isTrue();

        await("the probe confirms the outage").atMost(Duration.ofSeconds(5)).until(database::isDown);
        dataSource.up.set(true);
        await("and sees the database back").atMost(Duration.ofSeconds(5)).until(() -> !database.isDown());
    }

    private void goDownAndRecover() {
        dataSource.up.set(false);
        assertThat(database.absorb(brokenConnection())).isTrue();
        assertThat(database.isDown()).isTrue();
        dataSource.up.set(true);
        await("the probe sees the database back").atMost(Duration.ofSeconds(5)).until(() -> !database.isDown());
    }

    private static RuntimeException brokenConnection() {
        return new RuntimeException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    }

    /** A database that answers or refuses connections, and counts the connections asked of it. */
    private static final class SwitchableDataSource {
        final AtomicBoolean up = new AtomicBoolean(true);
        final AtomicInteger connections = new AtomicInteger();

        /** Only {@code getConnection()} is ever called by the code under test. */
        DataSource asDataSource() {
            return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("getConnection")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        connections.incrementAndGet();
                        if (!up.get()) {
                            throw new SQLException("Connection refused", "08001");
                        }
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (connection, call, callArgs) -> switch (call.getName()) {
                                    case "isValid" -> true;
                                    case "close" -> null;
                                    default -> throw new UnsupportedOperationException(call.getName());
                                });
                    });
        }
    }
}
