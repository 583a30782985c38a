package io.dialgate.simulator.control;

import io.dialgate.simulator.api.ApiEndpoint;
import io.dialgate.simulator.fault.Fault;
import io.dialgate.simulator.fault.FaultRequest;
import io.dialgate.simulator.journal.JournalEntry;
import io.dialgate.simulator.pbx.AgentState;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.PbxRegistry;
import io.dialgate.simulator.pbx.User;
import io.dialgate.simulator.common.InvalidInputException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Faults, the request journal and live state of one instance: what tests inject and assert on. */
@Path("/_sim/instances/{instance}")
@Produces(MediaType.APPLICATION_JSON)
public class InspectionResource {

    private final PbxRegistry registry;
    /** Endpoint names the Daktela API serves: a fault for any other would never fire. */
    private final java.util.Set<String> endpoints;

    public InspectionResource(PbxRegistry registry, jakarta.enterprise.inject.Instance<ApiEndpoint> all) {
        this.registry = registry;
        this.endpoints = all.stream().map(ApiEndpoint::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @POST
    @Path("/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addFault(@PathParam("instance") String instance, FaultRequest request) {
        if (request == null) {
            throw new InvalidInputException("A JSON body describing the fault is required");
        }
        String endpoint = request.endpoint();
        if (endpoint != null) {
            String bare = endpoint.endsWith(".json") ? endpoint.substring(0, endpoint.length() - ".json".length()) : endpoint;
            if (!endpoints.contains(bare)) {
                throw new InvalidInputException("Field 'endpoint' names no endpoint the simulator serves ('" + endpoint
                        + "'); one of " + new java.util.TreeSet<>(endpoints));
            }
        }
        return Response.status(201).entity(registry.get(instance).faults().add(request)).build();
    }

    @GET
    @Path("/faults")
    public List<Fault> faults(@PathParam("instance") String instance) {
        return registry.get(instance).faults().list();
    }

    @DELETE
    @Path("/faults")
    public Response clearFaults(@PathParam("instance") String instance) {
        registry.get(instance).faults().clear();
        return Response.noContent().build();
    }

    @GET
    @Path("/journal")
    public List<JournalEntry> journal(@PathParam("instance") String instance) {
        return registry.get(instance).journal().list();
    }

    @DELETE
    @Path("/journal")
    public Response clearJournal(@PathParam("instance") String instance) {
        registry.get(instance).journal().clear();
        return Response.noContent().build();
    }

    /** Every user's live state: queues, pause, activities, device, hash and version. */
    @GET
    @Path("/state")
    public Map<String, Object> state(@PathParam("instance") String instanceName) {
        PbxInstance instance = registry.get(instanceName);
        synchronized (instance) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (User user : instance.users()) {
                AgentState state = instance.agent(user.login());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("login", user.login());
                entry.put("hash", state.hash());
                entry.put("version", state.version());
                entry.put("heldPolls", state.heldPolls());
                state.sections().fields().forEachRemaining(f -> entry.put(f.getKey(), f.getValue()));
                users.add(entry);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("instance", instance.name());
            result.put("cors", instance.cors());
            result.put("heldPolls", instance.heldPolls());
            result.put("users", users);
            return result;
        }
    }
}
