package io.dialgate.simulator.control;

import io.dialgate.simulator.api.InstancePorts;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.PbxRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The control API for instances and what they contain. Thin: rules live in {@link ControlService}. */
@Path("/_sim/instances")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InstanceResource {

    private final ControlService control;
    private final PbxRegistry registry;
    private final InstancePorts ports;

    public InstanceResource(ControlService control, PbxRegistry registry, InstancePorts ports) {
        this.control = control;
        this.registry = registry;
        this.ports = ports;
    }

    /** 201 when created, 200 when it existed (its CORS flag, profile and port updated when given). */
    @POST
    public Response create(InstanceRequest request) {
        boolean created = control.createInstance(request);
        PbxInstance instance = registry.get(request.name());
        return Response.status(created ? 201 : 200).entity(view(instance)).build();
    }

    @GET
    public List<Map<String, Object>> list() {
        return registry.all().stream().map(this::view).toList();
    }

    private Map<String, Object> view(PbxInstance instance) {
        // Ordered, and with a null port: Map.of takes neither.
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", instance.name());
        view.put("cors", instance.cors());
        view.put("relations", instance.profile().relations().name().toLowerCase(java.util.Locale.ROOT));
        view.put("timezone", instance.profile().zone().getId());
        view.put("tokenLifetimeSeconds", instance.profile().tokenLifetime().toSeconds());
        view.put("port", ports.port(instance.name()).orElse(null));
        return view;
    }

    /** Closes the instance's own port (204, also when it had none); the shared port still serves it. */
    @DELETE
    @Path("/{instance}/port")
    public Response closePort(@PathParam("instance") String instance) {
        control.closePort(instance);
        return Response.noContent().build();
    }

    /** Resets the instance to empty; it keeps existing with its CORS flag. */
    @DELETE
    @Path("/{instance}")
    public Response reset(@PathParam("instance") String instance) {
        control.reset(instance);
        return Response.noContent().build();
    }

    @POST
    @Path("/{instance}/users")
    public Response putUser(@PathParam("instance") String instance, UserRequest request) {
        boolean created = control.putUser(instance, request);
        return Response.status(created ? 201 : 200).entity(control.user(instance, request.login())).build();
    }

    @PUT
    @Path("/{instance}/users/{login}/token")
    public UserResponse token(@PathParam("instance") String instance, @PathParam("login") String login,
            TokenRequest request) {
        return control.setToken(instance, login, request);
    }

    /** A stored record (contacts, crmRecords, campaignsRecords, activitiesSms, activitiesEmail, statuses). */
    @POST
    @Path("/{instance}/records/{model}")
    public Response putRecord(@PathParam("instance") String instance, @PathParam("model") String model,
            com.fasterxml.jackson.databind.JsonNode record) {
        boolean created = control.putRecord(instance, model, record);
        return Response.status(created ? 201 : 200).entity(record).build();
    }

    @POST
    @Path("/{instance}/queues")
    public Response putQueue(@PathParam("instance") String instance, QueueRequest request) {
        boolean created = control.putQueue(instance, request);
        return Response.status(created ? 201 : 200).entity(request).build();
    }

    @POST
    @Path("/{instance}/pauses")
    public Response putPause(@PathParam("instance") String instance, PauseRequest request) {
        boolean created = control.putPause(instance, request);
        return Response.status(created ? 201 : 200).entity(request).build();
    }
}
