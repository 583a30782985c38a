package io.dialgate.simulator.records;

import io.dialgate.simulator.api.ListQuery;
import jakarta.inject.Singleton;

/** {@code activitiesEmail.json}: read and filter stored records. */
@Singleton
public class ActivitiesEmailEndpoint extends StoredRecordsEndpoint {

    public ActivitiesEmailEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "activitiesEmail";
    }
}
