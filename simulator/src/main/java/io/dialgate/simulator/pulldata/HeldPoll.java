package io.dialgate.simulator.pulldata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.pbx.ChangeListener;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One held {@code appPullData.json} request: an emitter, the event loop it came in on and its
 * hold timer. Whichever of change or timeout comes first answers it; the other is ignored.
 * It holds no thread, only these few objects.
 */
final class HeldPoll implements ChangeListener {

    private final UniEmitter<? super ObjectNode> emitter;
    private final Context context;
    private final AtomicBoolean done = new AtomicBoolean();
    volatile long timerId = -1;

    HeldPoll(UniEmitter<? super ObjectNode> emitter, Context context) {
        this.emitter = emitter;
        this.context = context;
    }

    /** Called under the instance lock: only hands the answer to the request's own event loop. */
    @Override
    public void onChange(ObjectNode delta) {
        answer(delta);
    }

    boolean answer(ObjectNode message) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        if (context != null) {
            context.runOnContext(v -> emitter.complete(message));
        } else {
            emitter.complete(message);
        }
        return true;
    }

    boolean isDone() {
        return done.get();
    }
}
