package io.dialgate.simulator.pulldata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.pbx.AgentState;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.User;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The appPullData hash semantics. An empty, unknown or stale hash gets a full snapshot at once.
 * The current hash is held: the poll registers as a listener on the user's state and a Vert.x
 * timer; a change answers it with the new hash and only the changed sections, the timer with the
 * hash alone. The hash check and the registration happen under the instance lock, so a change
 * cannot slip between them.
 */
@ApplicationScoped
public class PullService {

    private final Vertx vertx;
    private final SimulatorConfig config;

    public PullService(Vertx vertx, SimulatorConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Answers a pull for {@code user} with the client's {@code hash} (null or empty for none). */
    public Uni<ObjectNode> pull(PbxInstance instance, User user, String hash) {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (instance) {
                AgentState state = instance.agent(user.login());
                if (hash == null || hash.isEmpty() || !hash.equals(state.hash())) {
                    // Unknown and stale hashes alike: simulator.pull.stale-hash=snapshot.
                    emitter.complete(snapshot(state));
                    return;
                }
                HeldPoll poll = new HeldPoll(emitter, Vertx.currentContext());
                instance.listen(user.login(), poll);
                poll.timerId = vertx.setTimer(Math.max(1, config.pullHold().toMillis()), id -> {
                    String current;
                    synchronized (instance) {
                        instance.unlisten(user.login(), poll);
                        AgentState now = instance.agent(user.login());
                        current = now == null ? hash : now.hash();
                    }
                    poll.answer(Json.object().put("hash", current).put("snapshot", false));
                });
                emitter.onTermination(() -> {
                    vertx.cancelTimer(poll.timerId);
                    if (!poll.isDone()) {
                        synchronized (instance) {
                            instance.unlisten(user.login(), poll);
                        }
                    }
                });
            }
        });
    }

    /** Every section of the user's state, with its hash. */
    static ObjectNode snapshot(AgentState state) {
        ObjectNode snapshot = Json.object().put("hash", state.hash()).put("snapshot", true);
        snapshot.setAll(state.sections());
        return snapshot;
    }
}
