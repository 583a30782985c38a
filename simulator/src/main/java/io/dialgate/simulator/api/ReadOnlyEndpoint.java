package io.dialgate.simulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.MethodNotAllowedException;
import io.dialgate.simulator.common.NotFoundException;
import io.dialgate.simulator.pbx.PbxInstance;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A read-only Daktela collection: {@code GET x.json} lists with skip/take/filter/sort and
 * {@code GET x/{name}.json} reads one record by its {@code name}.
 */
public abstract class ReadOnlyEndpoint implements ApiEndpoint {

    private final ListQuery listQuery;

    protected ReadOnlyEndpoint(ListQuery listQuery) {
        this.listQuery = listQuery;
    }

    /** Every record of the collection as its Daktela shape, each with a {@code name}. */
    protected abstract List<ObjectNode> records(PbxInstance instance);

    @Override
    public Uni<ApiResult> handle(ApiCall call) {
        if (!call.isRead()) {
            throw new MethodNotAllowedException(name() + ".json is read-only");
        }
        List<ObjectNode> records;
        synchronized (call.instance()) {
            records = records(call.instance());
        }
        if (call.record() == null) {
            return Uni.createFrom().item(ApiResult.ok(listQuery.apply(records, call.query())));
        }
        ObjectNode record = records.stream().filter(r -> call.record().equals(r.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("Record '" + call.record() + "' not found in " + name()));
        if (call.relation() != null) {
            return Uni.createFrom().item(ApiResult.ok(listQuery.apply(related(call, record), call.query())));
        }
        return Uni.createFrom().item(ApiResult.ok(record));
    }

    /** The records of {@code /{name}/{relation}.json}; only called for a relation in {@link #relations()}. */
    protected List<ObjectNode> related(ApiCall call, ObjectNode record) {
        throw new NotFoundException("Unknown relation '" + call.relation() + "' of " + name());
    }
}
