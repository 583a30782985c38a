package io.dialgate.simulator.pbx;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How one instance answers where real PBXes differ or no public source settles it: how related records
 * are rendered, the PBX's time zone, and how long tokens issued by {@code login.json} live. Each
 * defaults to a setting and may be set per instance, so one simulator can stand in for PBXes that
 * differ (and a conformance run can compare two of them).
 *
 * @param relations related records as nested objects (as Daktela answers) or bare names
 * @param zone the zone of {@code _time} and of every record time, also sent as {@code _timezone}
 * @param tokenLifetime lifetime of an access token issued by {@code login.json}; zero: never expires
 */
public record Profile(Relations.Style relations, ZoneId zone, Duration tokenLifetime) {

    /** This profile with tokens that never expire (a user's static token). */
    public Profile withoutExpiry() {
        return new Profile(relations, zone, Duration.ZERO);
    }

    /** True when issued tokens expire. */
    public boolean tokensExpire() {
        return !tokenLifetime.isZero() && !tokenLifetime.isNegative();
    }
}
