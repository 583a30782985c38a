package io.dialgate.simulator.control;

import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.pbx.PbxRegistry;
import io.dialgate.simulator.session.SessionService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * Changes many agents' sessions in one request, as a supervisor pausing a whole team would: load tests use it to
 * make thousands of users change at once, which one {@code usersSession} request per user cannot.
 */
@Path("/_sim/instances/{instance}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionControlResource {

    private final PbxRegistry registry;
    private final SessionService sessions;

    public SessionControlResource(PbxRegistry registry, SessionService sessions) {
        this.registry = registry;
        this.sessions = sessions;
    }

    /** Starts {@code pause} for every listed user, or ends their pause when it is null; answers {@code {changed}}. */
    @POST
    @Path("/pause")
    public Map<String, Integer> pause(@PathParam("instance") String instance, PauseChangeRequest request) {
        if (request == null || request.logins() == null || request.logins().isEmpty()) {
            throw new InvalidInputException("A JSON body {logins: [at least one login], pause} is required");
        }
        if (request.logins().stream().anyMatch(login -> login == null || login.isBlank())) {
            throw new InvalidInputException("Field 'logins' must not contain a blank login");
        }
        return Map.of("changed", sessions.setPause(registry.get(instance), request.logins(), request.pause()));
    }
}
