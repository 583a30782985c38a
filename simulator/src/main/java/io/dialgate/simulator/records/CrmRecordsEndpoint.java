package io.dialgate.simulator.records;

import io.dialgate.simulator.api.ListQuery;
import jakarta.inject.Singleton;

/** {@code crmRecords.json}: read and filter stored records. */
@Singleton
public class CrmRecordsEndpoint extends StoredRecordsEndpoint {

    public CrmRecordsEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "crmRecords";
    }
}
