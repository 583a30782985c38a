package io.dialgate.simulator.records;

import java.util.Set;

/** The Daktela models the simulator stores and serves as given: read and filtered; statuses also written. */
public final class StoredModels {

    /** Every stored model, as its endpoint name. */
    public static final Set<String> ALL = Set.of("statuses", "contacts", "crmRecords", "campaignsRecords",
            "activitiesSms", "activitiesEmail");

    private StoredModels() {
    }
}
