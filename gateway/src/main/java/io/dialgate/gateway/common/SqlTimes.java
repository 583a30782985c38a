package io.dialgate.gateway.common;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Times to and from native queries: their {@code timestamptz} columns come back in whichever type the driver picks,
 * and arrays of times go as {@link java.sql.Timestamp}, the element type the driver binds to {@code timestamptz[]}.
 */
public final class SqlTimes {

    private SqlTimes() {
    }

    /** The instant of a {@code timestamptz} value of a native query's row; null for SQL NULL. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("Unexpected type for a timestamp column: " + value.getClass().getSimpleName());
    }

    /** The value of {@code instant} as an element of a {@code timestamptz[]} parameter; null stays null. */
    public static java.sql.Timestamp parameter(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }
}
