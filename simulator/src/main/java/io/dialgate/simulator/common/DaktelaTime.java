package io.dialgate.simulator.common;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Daktela's date-time format {@code yyyy-MM-dd HH:mm:ss}, in the clock's zone. */
public final class DaktelaTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private DaktelaTime() {
    }

    /** Now, formatted the Daktela way. */
    public static String now(Clock clock) {
        return LocalDateTime.now(clock).format(FORMAT);
    }
}
