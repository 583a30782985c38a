package io.dialgate.gateway.polling;

import io.dialgate.client.DaktelaClient;
import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaUnauthorizedException;
import io.dialgate.client.DaktelaUnavailableException;
import io.dialgate.client.PullData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One user's long-poll loop: {@code appPullData} with the last hash, record the answer, poll again
 * at once. Non-blocking: the request waits on the Vert.x HTTP client without a thread, and only the
 * short database work runs on a worker. Errors back off with jitter; a 401 marks the token invalid
 * and ends the loop instead of hammering the PBX.
 */
final class UserPollLoop {

    private static final Logger LOG = Logger.getLogger(UserPollLoop.class);

    private final PollTarget target;
    private final DaktelaClient client;
    private final String replica;
    private final PollingDependencies deps;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile String hash;
    private int consecutiveErrors;

    UserPollLoop(PollTarget target, DaktelaClient client, String replica, PollingDependencies deps) {
        this.target = target;
        this.client = client;
        this.replica = replica;
        this.deps = deps;
        this.hash = target.hash() == null ? "" : target.hash();
    }

    PollTarget target() {
        return target;
    }

    void start() {
        LOG.debugf("Polling user %s on PBX host %s", target.userId(), target.pbxHostId());
        poll();
    }

    void stop() {
        stopped.set(true);
    }

    boolean isStopped() {
        return stopped.get();
    }

    private void poll() {
        if (stopped.get()) {
            return;
        }
        long started = System.nanoTime();
        client.appPullDataAsync(hash)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(data -> onAnswer(data, started), this::onFailure);
    }

    private void onAnswer(PullData data, long started) {
        if (stopped.get()) {
            return;
        }
        try {
            MDC.put("tenantId", target.tenantId());
            MDC.put("userId", target.userId());
            deps.hosts().succeeded(target.tenantId(), target.pbxHostId());
            StateRecorder.Outcome outcome = deps.recorder().record(replica, target, data);
            deps.metrics().polled(target.pbxHostId(), Duration.ofNanos(System.nanoTime() - started), outcome.events());
            if (!outcome.leaseHeld()) {
                LOG.infof("Lost the lease of user %s; stopping its loop", target.userId());
                stop();
                return;
            }
            hash = data.hash();
            consecutiveErrors = 0;
            poll();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not record the state of user %s", target.userId());
            retryAfter(deps.hosts().jittered(++consecutiveErrors));
        } finally {
            MDC.remove("tenantId");
            MDC.remove("userId");
        }
    }

    private void onFailure(Throwable failure) {
        if (stopped.get()) {
            return;
        }
        deps.metrics().pollFailed(failure.getClass().getSimpleName());
        if (failure instanceof DaktelaUnauthorizedException) {
            stop();
            Uni.createFrom().item(() -> deps.tokens().markInvalid(target.tenantId(), target.userId(), target.version(), "polling"))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .subscribe().with(changed -> { }, e -> LOG.warnf(e, "Could not mark the token of %s invalid", target.userId()));
            return;
        }
        if (failure instanceof DaktelaUnavailableException || !(failure instanceof DaktelaException)) {
            // The PBX (or the network to it) is down: wait as long as the host's back-off says.
            Uni.createFrom().item(() -> deps.hosts().failedBackoffMillis(target.tenantId(), target.pbxHostId(), failure.getMessage()))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .subscribe().with(this::retryAfter, e -> retryAfter(deps.hosts().jittered(++consecutiveErrors)));
            return;
        }
        LOG.warnf("appPullData of user %s failed: %s", target.userId(), failure.getMessage());
        retryAfter(deps.hosts().jittered(++consecutiveErrors));
    }

    private void retryAfter(long millis) {
        if (stopped.get()) {
            return;
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(millis))
                .subscribe().with(ignored -> poll(), e -> poll());
    }
}
