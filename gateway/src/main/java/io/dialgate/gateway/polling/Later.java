package io.dialgate.gateway.polling;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** Runs the poller's actions later on the Vert.x timer, holding no thread meanwhile. */
final class Later {

    private Later() {
    }

    /**
     * Runs {@code action} after {@code millis}, at least 1 ms: Mutiny refuses a zero delay, which a random spread
     * can draw, and the refusal would drop the action (a user resumed after a PBX outage would stay parked).
     */
    static void run(long millis, Runnable action) {
        Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(Math.max(1, millis)))
                .subscribe().with(ignored -> action.run(), e -> action.run());
    }
}
