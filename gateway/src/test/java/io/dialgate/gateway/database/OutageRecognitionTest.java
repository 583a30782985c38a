package io.dialgate.gateway.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures count as the database being away, in the shapes the driver, pool and transaction manager give them. */
class OutageRecognitionTest {

    @Test
    void shouldRecogniseConnectionFailuresAndServerShutdownsAnywhereInTheChain() {
        assertThat(DatabaseAvailability.isOutage(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(DatabaseAvailability.isOutage(new SQLException("terminating connection due to administrator command", "57P01")))
                .isTrue();
        assertThat(DatabaseAvailability.isOutage(new SQLException("Acquisition timeout while waiting for new connection"))).isTrue();
        // A failed commit: the driver's error is only attached as suppressed to the transaction manager's exception.
        RuntimeException rollback = new RuntimeException("Could not commit transaction");
        rollback.addSuppressed(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        assertThat(DatabaseAvailability.isOutage(new IllegalStateException(rollback))).isTrue();
    }

    @Test
    void shouldNotTakeOtherDatabaseErrorsForAnOutage() {
        assertThat(DatabaseAvailability.isOutage(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(DatabaseAvailability.isOutage(new IllegalArgumentException("bad input"))).isFalse();
        // A cycle (a cause that suppresses its own wrapper) ends the search instead of looping.
        RuntimeException outer = new RuntimeException("outer");
        RuntimeException inner = new RuntimeException("inner");
        outer.initCause(inner);
        inner.addSuppressed(outer);
        assertThat(DatabaseAvailability.isOutage(outer)).isFalse();
    }
}
