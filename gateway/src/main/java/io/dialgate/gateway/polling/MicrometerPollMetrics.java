package io.dialgate.gateway.polling;

import io.dialgate.gateway.metrics.GatewayMetrics;
import io.dialgate.gateway.metrics.PollFailure;
import io.dialgate.gateway.metrics.PollOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The poll loops' metrics, recorded through {@link GatewayMetrics}. */
@ApplicationScoped
public class MicrometerPollMetrics implements PollMetrics {

    private final GatewayMetrics metrics;

    public MicrometerPollMetrics(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void polled(String pbxHostId, Duration latency, int events) {
        metrics.recordPoll(pbxHostId, latency, events > 0 ? PollOutcome.CHANGED : PollOutcome.UNCHANGED);
    }

    @Override
    public void pollFailed(Throwable failure) {
        metrics.recordPollError(PollFailure.of(failure));
    }

    @Override
    public void leasesLost(int count) {
        for (int i = 0; i < count; i++) {
            metrics.leaseRenewalFailed();
        }
    }

    @Override
    public void monitoredUsers(int count) {
        metrics.setMonitoredUsers(count);
    }

    @Override
    public void leasesHeld(int count) {
        metrics.setLeasesHeld(count);
    }
}
