package io.dialgate.gateway.polling;

import io.dialgate.gateway.user.TokenInvalidation;
import io.dialgate.gateway.database.DatabaseAvailability;

/** What every loop shares, bundled so a loop's constructor stays short. */
record PollingDependencies(StateRecorder recorder, HostReachability hosts, TokenInvalidation tokens, PollMetrics metrics,
        DatabaseAvailability database, PollFailures failures, SeenTimes seen) {
}
