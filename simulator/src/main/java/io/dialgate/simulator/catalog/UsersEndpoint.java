package io.dialgate.simulator.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.activity.ActivityService;
import io.dialgate.simulator.api.ApiCall;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.api.ReadOnlyEndpoint;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.Views;
import jakarta.inject.Singleton;
import io.dialgate.simulator.pbx.Relations;
import java.util.List;
import java.util.Set;

/** {@code users.json}: Users, keyed by login; never shows passwords or tokens. */
@Singleton
public class UsersEndpoint extends ReadOnlyEndpoint {

    private final ActivityService activities;

    public UsersEndpoint(ListQuery listQuery, ActivityService activities) {
        super(listQuery);
        this.activities = activities;
    }

    @Override
    public Set<String> relations() {
        return Set.of("activities");
    }

    /** {@code users/{login}/activities.json}: that user's activities, as far as the caller may see them. */
    @Override
    protected List<ObjectNode> related(ApiCall call, ObjectNode record) {
        String login = record.path("name").asText();
        return activities.visible(call.instance(), call.user()).stream()
                .filter(a -> login.equals(Relations.name(a.get("user")))).toList();
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
