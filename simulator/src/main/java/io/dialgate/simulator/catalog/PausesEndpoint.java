package io.dialgate.simulator.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.api.ReadOnlyEndpoint;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Views;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code pauses.json}: Pauses agents can start through usersSession.json. */
@Singleton
public class PausesEndpoint extends ReadOnlyEndpoint {

    public PausesEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "pauses";
    }

    @Override
    protected List<ObjectNode> records(PbxInstance instance) {
        return instance.pauses().stream().map(Views::pause).toList();
    }
}
