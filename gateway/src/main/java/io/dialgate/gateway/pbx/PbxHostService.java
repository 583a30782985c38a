package io.dialgate.gateway.pbx;

import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/** A tenant's PBX hosts. */
@ApplicationScoped
public class PbxHostService {

    private final PbxHostRepository hosts;
    private final PbxUrlValidator urlValidator;
    private final Clock clock;
    private final Event<PbxHostDeleted> deletions;

    public PbxHostService(PbxHostRepository hosts, PbxUrlValidator urlValidator, Clock clock, Event<PbxHostDeleted> deletions) {
        this.deletions = deletions;
        this.hosts = hosts;
        this.urlValidator = urlValidator;
        this.clock = clock;
    }

    @Transactional
    public PbxHost create(String tenantId, String name, String baseUrl) {
        String url = urlValidator.validate(baseUrl);
        String trimmedName = name.strip();
        if (hosts.existsByNameForTenant(tenantId, trimmedName)) {
            throw new Errors.ConflictException("duplicate_name", "A PBX host named '" + trimmedName + "' already exists");
        }
        PbxHost host = new PbxHost();
        host.id = Ids.next("pbx", clock);
        host.tenantId = tenantId;
        host.name = trimmedName;
        host.baseUrl = url;
        host.createdAt = clock.instant();
        host.updatedAt = host.createdAt;
        hosts.persist(host);
        return host;
    }

    /** Up to {@code limit + 1} hosts after the cursor: the extra one tells the caller another page exists. */
    public List<PbxHost> list(String tenantId, String after, int limit) {
        return hosts.pageForTenant(tenantId, after, limit + 1);
    }

    public PbxHost get(String tenantId, String id) {
        return hosts.findByIdForTenant(tenantId, id).orElseThrow(() -> new Errors.NotFoundException("PBX host", id));
    }

    @Transactional
    public void delete(String tenantId, String id) {
        hosts.delete(get(tenantId, id));
        deletions.fire(new PbxHostDeleted(tenantId, id));
    }
}
