package io.dialgate.simulator.records;

import io.dialgate.simulator.api.ListQuery;
import jakarta.inject.Singleton;

/** {@code campaignsRecords.json}: read and filter stored records. */
@Singleton
public class CampaignsRecordsEndpoint extends StoredRecordsEndpoint {

    public CampaignsRecordsEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "campaignsRecords";
    }
}
