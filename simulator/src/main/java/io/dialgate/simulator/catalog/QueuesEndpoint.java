package io.dialgate.simulator.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.api.ReadOnlyEndpoint;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Views;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code queues.json}: Queues; queue logins go through usersSession.json. */
@Singleton
public class QueuesEndpoint extends ReadOnlyEndpoint {

    public QueuesEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "queues";
    }

    @Override
    protected List<ObjectNode> records(PbxInstance instance) {
        return instance.queues().stream().map(Views::queue).toList();
    }
}
