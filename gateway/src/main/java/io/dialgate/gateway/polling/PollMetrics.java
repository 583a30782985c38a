package io.dialgate.gateway.polling;

import java.time.Duration;

/** Where poll loops report; backed by Micrometer in the app, by nothing in plain unit tests. */
public interface PollMetrics {

    void polled(String pbxHostId, Duration latency, int events);

    /** A poll failed; the metrics classify the failure into a fixed set of reasons. */
    void pollFailed(Throwable failure);

    void leasesHeld(int count);

    /** Monitored users across all tenants and replicas (each has a poll lease), as the last heartbeat counted them. */
    default void monitoredUsers(int count) {
    }

    /** Leases this replica expected to renew but no longer held (taken over, or the user went away). */
    default void leasesLost(int count) {
    }

    PollMetrics NONE = new PollMetrics() {
        @Override
        public void polled(String pbxHostId, Duration latency, int events) {
        }

        @Override
        public void pollFailed(Throwable failure) {
        }

        @Override
        public void leasesHeld(int count) {
        }
    };
}
