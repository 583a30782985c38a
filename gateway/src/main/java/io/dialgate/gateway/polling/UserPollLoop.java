package io.dialgate.gateway.polling;

import io.dialgate.client.DaktelaClient;
import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaUnauthorizedException;
import io.dialgate.client.DaktelaUnavailableException;
import io.dialgate.client.PullData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One user's long-poll loop: {@code appPullData} with the last hash, record the answer, poll again
 * at once. Non-blocking: the request waits on the Vert.x HTTP client without a thread, and the answer
 * is recorded by the replica's {@link AnswerBatcher} on a worker, together with other users' answers.
 *
 * <p>What a failure does depends on whose it is. A PBX that cannot be reached parks the loop on its
 * host's circuit ({@link HostReachability}), which resumes it when the host answers. A database that
 * cannot be reached parks it until the database is back ({@code DatabaseAvailability}), never counting
 * against the PBX. A 401 is confirmed with {@code whoim} before the token is marked invalid, so one
 * spurious refusal does not stop monitoring. Anything else backs off for this user alone.
 */
final class UserPollLoop implements HostReachability.Parked {

    private static final Logger LOG = Logger.getLogger(UserPollLoop.class);

    private final PollTarget target;
    private final DaktelaClient client;
    private final AnswerBatcher answers;
    private final PollingDependencies deps;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Set while the loop waits on its host's circuit; only the resume that clears it may poll again. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile Cancellable inFlight;
    private volatile String hash;
    private int consecutiveErrors;
    /**
     * Whether the next answer must be recorded even if it changed nothing: true until this loop recorded its first
     * answer (the stored row may lack a baseline, or carry failures a former lease holder counted), and again after
     * any failure (a counted failure is cleared by the next recorded answer).
     */
    private volatile boolean mustRecord = true;

    UserPollLoop(PollTarget target, DaktelaClient client, AnswerBatcher answers, PollingDependencies deps) {
        this.target = target;
        this.client = client;
        this.answers = answers;
        this.deps = deps;
        this.hash = target.hash() == null ? "" : target.hash();
    }

    PollTarget target() {
        return target;
    }

    void start() {
        LOG.debugf("Polling user %s on PBX host %s", target.userId(), target.pbxHostId());
        deps.hosts().register(target.tenantId(), target.pbxHostId(), this);
        poll();
    }

    /** Stops the loop and abandons its request in flight, so that a new lease holder is the only one polling. */
    void stop() {
        stopped.set(true);
        deps.hosts().unregister(target.pbxHostId(), this);
        abandonInFlight();
    }

    private void abandonInFlight() {
        Cancellable request = inFlight;
        if (request != null) {
            request.cancel();
        }
    }

    @Override
    public Uni<?> livenessCheck() {
        return client.whoAmIAsync();
    }

    @Override
    public void suspend() {
        waiting.set(true);
        abandonInFlight();
    }

    boolean isStopped() {
        return stopped.get();
    }

    /**
     * The probe asks for what the polls ask for ({@code appPullData}), so a host whose other endpoints answer
     * while polling fails is not taken for reachable; with an empty hash, so the PBX answers at once instead
     * of holding the request. Its answer is not recorded: the resumed loop polls with its own hash.
     */
    @Override
    public Uni<PullData> probe() {
        return client.appPullDataAsync("");
    }

    @Override
    public void resume() {
        if (waiting.compareAndSet(true, false)) {
            poll();
        }
    }

    private void poll() {
        if (stopped.get() || waiting.get()) {
            return;
        }
        long sent = System.nanoTime();
        inFlight = client.appPullDataAsync(hash)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(data -> onAnswer(data, sent), failure -> onFailure(failure, sent));
        if (stopped.get()) {
            inFlight.cancel();
        }
    }

    private void onAnswer(PullData data, long sent) {
        if (stopped.get()) {
            return;
        }
        try {
            deps.hosts().succeeded(target.tenantId(), target.pbxHostId(), sent);
        } catch (RuntimeException e) {
            onRecordFailed(e);
            return;
        }
        if (!mustRecord && !data.hasChanges() && hash.equals(data.hash())) {
            // The hold time passed with nothing new, as it does every hold period for most users: nothing to write
            // but the time, which goes out with the others' once a tick. A lease lost meanwhile stops this loop on
            // the next supervision pass; until then it only reads, and no answer with a change is written unguarded.
            deps.seen().seen(target.userId());
            deps.metrics().polled(target.pbxHostId(), Duration.ofNanos(System.nanoTime() - sent), 0);
            consecutiveErrors = 0;
            poll();
            return;
        }
        // Recorded with the answers of other users that arrive meanwhile; the next poll waits for it, so this
        // user's answers are recorded one after the other, in order.
        answers.submit(target, data).whenComplete((outcome, failure) -> onRecorded(data, sent, outcome, failure));
    }

    private void onRecorded(PullData data, long sent, StateRecorder.Outcome outcome, Throwable failure) {
        try {
            MDC.put("tenantId", target.tenantId());
            MDC.put("userId", target.userId());
            if (failure != null) {
                onRecordFailed(failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            deps.metrics().polled(target.pbxHostId(), Duration.ofNanos(System.nanoTime() - sent), outcome.events());
            if (!outcome.leaseHeld()) {
                LOG.infof("Lost the lease of user %s; stopping its loop", target.userId());
                stop();
                return;
            }
            hash = data.hash();
            mustRecord = false;
            consecutiveErrors = 0;
            poll();
        } catch (RuntimeException e) {
            onRecordFailed(e);
        } finally {
            MDC.remove("tenantId");
            MDC.remove("userId");
        }
    }

    private void onRecordFailed(Throwable e) {
        mustRecord = true;
        if (deps.database().absorb(e)) {
            // The answer is not recorded and the hash not advanced: the next poll gets the same changes again.
            deps.database().whenAvailable(() -> retryAfter(spread()));
            return;
        }
        LOG.warnf(e, "Could not record the state of user %s", target.userId());
        retryAfter(deps.hosts().jittered(++consecutiveErrors));
    }

    private void onFailure(Throwable failure, long sent) {
        if (stopped.get()) {
            return;
        }
        deps.metrics().pollFailed(failure);
        mustRecord = true;
        if (failure instanceof DaktelaUnauthorizedException) {
            confirmRefusedToken();
            return;
        }
        if (failure instanceof DaktelaUnavailableException || !(failure instanceof DaktelaException)) {
            waiting.set(true);
            if (!deps.hosts().failed(target.tenantId(), target.pbxHostId(), failure.getMessage(), sent, this)) {
                waiting.set(false);
                retryAfter(deps.hosts().jittered(++consecutiveErrors));
            }
            return;
        }
        LOG.warnf("appPullData of user %s failed: %s", target.userId(), failure.getMessage());
        recordFailure(failure);
        retryAfter(deps.hosts().jittered(++consecutiveErrors));
    }

    /** Runs on a worker thread (the answer is emitted there), so the short database write may block. */
    private void recordFailure(Throwable failure) {
        try {
            deps.failures().record(target, failure.getMessage());
        } catch (RuntimeException e) {
            if (!deps.database().absorb(e)) {
                LOG.warnf(e, "Could not record the failed poll of user %s", target.userId());
            }
        }
    }

    /**
     * A poll got 401. A PBX can refuse a valid token now and then (a restart, a proxy); only when
     * {@code whoim} refuses it too, or answers that it belongs to nobody, is the token marked invalid.
     */
    private void confirmRefusedToken() {
        client.whoAmIAsync().subscribe().with(
                whoAmI -> {
                    if (whoAmI.user().isPresent()) {
                        LOG.infof("The PBX refused one poll of user %s but accepts its token; polling on", target.userId());
                        retryAfter(deps.hosts().jittered(++consecutiveErrors));
                    } else {
                        markInvalid();
                    }
                },
                failure -> {
                    if (failure instanceof DaktelaUnauthorizedException) {
                        markInvalid();
                    } else {
                        // Could not confirm either way: try the poll again later rather than condemn the token.
                        retryAfter(deps.hosts().jittered(++consecutiveErrors));
                    }
                });
    }

    private void markInvalid() {
        stop();
        Uni.createFrom().item(() -> deps.tokens().markInvalid(target.tenantId(), target.userId(), target.version(), "polling"))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(changed -> { }, e -> {
                    if (!deps.database().absorb(e)) {
                        LOG.warnf(e, "Could not mark the token of %s invalid", target.userId());
                    }
                });
    }

    /** A short random delay, so that loops released together do not all hit the PBX in the same instant. */
    private long spread() {
        return java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.max(1, deps.hosts().resumeSpreadMillis()));
    }

    private void retryAfter(long millis) {
        if (stopped.get()) {
            return;
        }
        Later.run(millis, this::poll);
    }
}
