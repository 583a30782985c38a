package io.dialgate.simulator.control;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Rings, answers and hangs up calls from outside, as a caller and an agent's phone would. */
@Path("/_sim/instances/{instance}/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallControlResource {

    private final ControlService control;

    public CallControlResource(ControlService control) {
        this.control = control;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ring(@PathParam("instance") String instance, CallRequest request) {
        return Response.status(201).entity(control.ring(instance, request)).build();
    }

    @POST
    @Path("/{id}/answer")
    public CallResponse answer(@PathParam("instance") String instance, @PathParam("id") String id) {
        return control.answer(instance, id);
    }

    @POST
    @Path("/{id}/hangup")
    public CallResponse hangup(@PathParam("instance") String instance, @PathParam("id") String id) {
        return control.hangup(instance, id);
    }
}
