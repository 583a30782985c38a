package io.dialgate.it.chaos;

/**
 * How big a chaos run is: {@code short} inside {@code ./mvnw verify}, {@code long} from
 * {@code bench/run chaos} (property {@code dialgate.chaos.scale}).
 */
enum ChaosScale {
    SHORT(6, 170, 12, 8),
    LONG(20, 1000, 30, 30);

    /** Users whose pauses change during a kill -9 or a database restart. */
    final int changingUsers;
    /** Changes made across those users. */
    final int changes;
    /** Users shared by three replicas. */
    final int sharedUsers;
    /** Seconds the PBX stays down. */
    final int pbxDownSeconds;

    ChaosScale(int changingUsers, int changes, int sharedUsers, int pbxDownSeconds) {
        this.changingUsers = changingUsers;
        this.changes = changes;
        this.sharedUsers = sharedUsers;
        this.pbxDownSeconds = pbxDownSeconds;
    }

    static ChaosScale current() {
        return "long".equalsIgnoreCase(System.getProperty("dialgate.chaos.scale", "short")) ? LONG : SHORT;
    }

    String describe() {
        return changes + " changes over " + changingUsers + " users, " + sharedUsers + " users on three replicas, PBX down "
                + pbxDownSeconds + " s";
    }
}
