package io.dialgate.simulator.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.api.ReadOnlyEndpoint;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Views;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code users.json}: Users, keyed by login; never shows passwords or tokens. */
@Singleton
public class UsersEndpoint extends ReadOnlyEndpoint {

    public UsersEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "users";
    }

    @Override
    protected List<ObjectNode> records(PbxInstance instance) {
        return instance.users().stream().map(Views::user).toList();
    }
}
