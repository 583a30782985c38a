package io.dialgate.simulator.sms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.PbxRegistry;
import io.dialgate.simulator.pbx.Queue;
import io.dialgate.simulator.pbx.Views;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Delivers a customer's SMS to an agent, as the SMS connector of a real PBX would. */
@Path("/_sim/instances/{instance}/sms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SmsControlResource {

    private final PbxRegistry registry;
    private final SmsService sms;

    public SmsControlResource(PbxRegistry registry, SmsService sms) {
        this.registry = registry;
        this.sms = sms;
    }

    /** 201 with the new SMS activity (open, {@code item.direction: IN}). */
    @POST
    public Response receive(@PathParam("instance") String instanceName, InboundSmsRequest request) {
        PbxInstance instance = registry.get(instanceName);
        if (request == null) {
            throw new InvalidInputException("A JSON body {to, from, text, queue} is required");
        }
        String to = required(request.to(), "to");
        String from = required(request.from(), "from");
        String text = required(request.text(), "text");
        String queueName = required(request.queue(), "queue");
        if (!SmsService.NUMBER.matcher(from).matches()) {
            throw new InvalidInputException("Field 'from' must be a phone number");
        }
        ObjectNode activity;
        synchronized (instance) {
            if (instance.user(to).isEmpty()) {
                throw new InvalidInputException("Field 'to' names unknown user '" + to + "'");
            }
            Queue queue = instance.queue(queueName)
                    .orElseThrow(() -> new InvalidInputException("Field 'queue' names unknown queue '" + queueName + "'"));
            if (!"sms".equals(queue.type())) {
                throw new InvalidInputException("Field 'queue' must name an SMS queue; '" + queueName + "' is " + queue.type());
            }
            activity = Views.activity(instance, sms.receive(instance, to, queueName, from.replace(" ", ""), text));
        }
        return Response.status(201).entity(activity).build();
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("Field '" + field + "' is required");
        }
        return value;
    }
}
