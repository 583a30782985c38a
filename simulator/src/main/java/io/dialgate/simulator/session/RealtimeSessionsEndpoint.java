package io.dialgate.simulator.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.api.ReadOnlyEndpoint;
import io.dialgate.simulator.pbx.AgentState;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Views;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * {@code realtimeSessions.json}: every user's agent state (Session, Idle, Paused). Records are
 * named by login so {@code realtimeSessions/{login}.json} reads one.
 */
@Singleton
public class RealtimeSessionsEndpoint extends ReadOnlyEndpoint {

    public RealtimeSessionsEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "realtimeSessions";
    }

    @Override
    protected List<ObjectNode> records(PbxInstance instance) {
        return instance.users().stream().map(user -> {
            AgentState state = instance.agent(user.login());
            return Views.realtime(instance, user, state, state.sections());
        }).toList();
    }
}
