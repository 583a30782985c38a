package io.dialgate.simulator.common;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Daktela's date-time format {@code yyyy-MM-dd HH:mm:ss}, in the clock's zone. */
public final class DaktelaTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private DaktelaTime() {
    }

    /** Now, formatted the Daktela way, in the clock's zone. */
    public static String now(Clock clock) {
        return LocalDateTime.now(clock).format(FORMAT);
    }

    /** An instant, formatted the Daktela way, in a PBX's zone. */
    public static String format(java.time.Instant instant, java.time.ZoneId zone) {
        return LocalDateTime.ofInstant(instant, zone).format(FORMAT);
    }

    /** Now, formatted the Daktela way, in a PBX's zone. */
    public static String now(Clock clock, java.time.ZoneId zone) {
        return LocalDateTime.ofInstant(clock.instant(), zone).format(FORMAT);
    }
}
