package io.dialgate.simulator.activity;

import io.dialgate.simulator.common.ConflictException;
import io.dialgate.simulator.common.DaktelaTime;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.pbx.Activity;
import io.dialgate.simulator.pbx.Call;
import io.dialgate.simulator.pbx.PbxInstance;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Calls that live on their own: an outbound call rings for {@code simulator.calls.ring-time}, is
 * answered, and ends after {@code simulator.calls.talk-time} (never when that is zero). Inbound
 * calls ring until the control API answers or hangs them up. Each step commits the user's state,
 * which changes the pull hash. Timers are Vert.x timers, so a waiting call costs no thread.
 */
@ApplicationScoped
public class CallService {

    private final Vertx vertx;
    private final Clock clock;
    private final SimulatorConfig config;

    public CallService(Vertx vertx, Clock clock, SimulatorConfig config) {
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
    }

    /** Dials out for {@code user}; the caller has checked rights, queue and login. */
    public Activity dialOut(PbxInstance instance, String user, String queue, String number) {
        synchronized (instance) {
            Activity activity = instance.newCallActivity(user, queue, "out", number, queue,
                    DaktelaTime.now(clock, instance.profile().zone()), clock.millis());
            Call call = activity.call();
            schedule(instance, call, config.calls().ringTime(), Call.State.RINGING, () -> answer(instance, call));
            instance.commit(user);
            return activity;
        }
    }

    /** An inbound call ringing at {@code user}; it waits for the control API. */
    public Activity ringIn(PbxInstance instance, String user, String queue, String from) {
        synchronized (instance) {
            Activity activity = instance.newCallActivity(user, queue, "in", from, queue,
                    DaktelaTime.now(clock, instance.profile().zone()), clock.millis());
            instance.commit(user);
            return activity;
        }
    }

    /** Answers a ringing call; the talk-time timer then ends it unless talk-time is zero. */
    public void answer(PbxInstance instance, Call call) {
        synchronized (instance) {
            if (call.state() != Call.State.RINGING) {
                throw new ConflictException("Call '" + call.id() + "' is " + call.state().name().toLowerCase()
                        + ", not ringing");
            }
            PbxInstance.Mutations mutations = instance.mutate();
            cancelTimer(mutations, call);
            mutations.answer(call, clock.millis());
            Duration talk = config.calls().talkTime();
            if (!talk.isZero()) {
                schedule(instance, call, talk, Call.State.ANSWERED, () -> hangup(instance, call));
            }
            instance.commit(owner(instance, call));
        }
    }

    /** Ends a ringing or answered call. */
    public void hangup(PbxInstance instance, Call call) {
        synchronized (instance) {
            if (call.state() == Call.State.ENDED) {
                throw new ConflictException("Call '" + call.id() + "' has already ended");
            }
            PbxInstance.Mutations mutations = instance.mutate();
            cancelTimer(mutations, call);
            mutations.end(call, clock.millis());
            if (config.calls().closeActivityOnHangup()) {
                instance.activity(call.activityName()).filter(a -> !"CLOSE".equals(a.action()))
                        .ifPresent(activity -> mutations.closeActivity(activity,
                                DaktelaTime.now(clock, instance.profile().zone()), clock.millis()));
            }
            instance.commit(owner(instance, call));
        }
    }

    private void schedule(PbxInstance instance, Call call, Duration delay, Call.State expected, Runnable step) {
        long timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            synchronized (instance) {
                // The instance may have been reset or the call moved on since the timer was set.
                boolean current = instance.call(call.id()).filter(c -> c == call).isPresent();
                if (current && call.state() == expected) {
                    step.run();
                }
            }
        });
        instance.mutate().setTimer(call, timerId);
    }

    private void cancelTimer(PbxInstance.Mutations mutations, Call call) {
        long timer = mutations.timer(call);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            mutations.setTimer(call, -1);
        }
    }

    private static String owner(PbxInstance instance, Call call) {
        return instance.activity(call.activityName()).map(Activity::user).orElse("");
    }
}
