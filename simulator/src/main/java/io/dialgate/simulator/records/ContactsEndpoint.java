package io.dialgate.simulator.records;

import io.dialgate.simulator.api.ListQuery;
import jakarta.inject.Singleton;

/** {@code contacts.json}: read and filter stored records. */
@Singleton
public class ContactsEndpoint extends StoredRecordsEndpoint {

    public ContactsEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    public String name() {
        return "contacts";
    }
}
