package io.dialgate.gateway.operator;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The gateway replicas that poll and dispatch, from their heartbeats, and the work each holds now. */
@Path("/admin/replicas")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: replicas")
@SecurityRequirement(name = "operator")
public class AdminReplicaResource {

    private final OperatorOverviewRepository overview;
    private final Clock clock;

    public AdminReplicaResource(OperatorOverviewRepository overview, Clock clock) {
        this.overview = overview;
        this.clock = clock;
    }

    @Schema(name = "PollReplica")
    public record PollReplicaResponse(@Schema(example = "gw-7f9c-1a2b") String replicaId,
            @Schema(description = "Last heartbeat; null for a replica that holds leases but no longer beats", nullable = true)
            Instant heartbeatAt,
            @Schema(description = "Poll leases it holds now (users it polls)", example = "1200") long leases,
            @Schema(description = "Those leases per tenant id", example = "{\"ten_01hx3v0c8k6q2m4n5p7r9s1t3v\": 1200}")
            Map<String, Long> leasesByTenant) {
    }

    @Schema(name = "DispatchReplica")
    public record DispatchReplicaResponse(@Schema(example = "gw-7f9c-1a2b") String replicaId, Instant heartbeatAt,
            @Schema(description = "Deliveries it is sending now", example = "4") long sending) {
    }

    @Schema(name = "Replicas")
    public record ReplicasResponse(Instant at, List<PollReplicaResponse> polling, List<DispatchReplicaResponse> dispatching) {
    }

    @GET
    @Operation(summary = "Replicas and the leases each holds",
            description = "Every replica that beats in the poll or dispatch tables, with its last heartbeat, the poll leases "
                    + "it holds (per tenant) and the deliveries it is sending. A heartbeat older than a few ticks means the "
                    + "replica stopped; its leases pass to the others when they expire.")
    @APIResponse(responseCode = "200", description = "The replicas", content = @Content(schema = @Schema(implementation = ReplicasResponse.class)))
    @Transactional
    public ReplicasResponse list() {
        Instant now = clock.instant();
        return new ReplicasResponse(now,
                overview.pollReplicasAcrossTenants(now).stream()
                        .map(r -> new PollReplicaResponse(r.replicaId(), r.heartbeatAt(), r.leases(), r.leasesByTenant())).toList(),
                overview.dispatchReplicasAcrossTenants().stream()
                        .map(r -> new DispatchReplicaResponse(r.replicaId(), r.heartbeatAt(), r.sending())).toList());
    }
}
