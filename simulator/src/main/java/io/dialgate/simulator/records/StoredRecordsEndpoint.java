package io.dialgate.simulator.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.api.ListQuery;
import io.dialgate.simulator.api.ReadOnlyEndpoint;
import io.dialgate.simulator.pbx.PbxInstance;
import java.util.List;

/**
 * A model served from the instance's record store, read-only: {@code contacts}, {@code crmRecords},
 * {@code campaignsRecords}, {@code activitiesSms}, {@code activitiesEmail}. Records are seeded through the
 * seed file or {@code POST /_sim/instances/{i}/records/{model}}, in the shape a real PBX answers.
 */
public abstract class StoredRecordsEndpoint extends ReadOnlyEndpoint {

    protected StoredRecordsEndpoint(ListQuery listQuery) {
        super(listQuery);
    }

    @Override
    protected List<ObjectNode> records(PbxInstance instance) {
        return instance.records().list(name()).stream().map(r -> withSys(r, name())).toList();
    }

    /** A copy of the record carrying {@code _sys.model}, as every Daktela record does. */
    static ObjectNode withSys(ObjectNode record, String model) {
        ObjectNode copy = record.deepCopy();
        if (!copy.has("_sys")) {
            copy.putObject("_sys").putNull("hash").put("model", model);
        }
        return copy;
    }
}
