package io.dialgate.simulator.records;

import io.dialgate.simulator.api.ListQuery;
import jakarta.inject.Singleton;

/** {@code activitiesSms.json}: read and filter stored records. */
@Singleton
public class ActivitiesSmsEndpoint extends StoredRecordsEndpoint {

    public ActivitiesSmsEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "activitiesSms";
    }
}
