package io.dialgate.simulator.common;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one source of time, so tests could pin it and no class calls {@code Instant.now()}. */
public class ClockProducer {

    /** Local time: Daktela reports {@code _time} and record times in the PBX's own zone. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
