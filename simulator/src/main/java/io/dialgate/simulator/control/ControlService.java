package io.dialgate.simulator.control;

import io.dialgate.simulator.activity.CallService;
import io.dialgate.simulator.api.InstancePorts;
import io.dialgate.simulator.common.ConflictException;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.NotFoundException;
import io.dialgate.simulator.common.Tokens;
import io.dialgate.simulator.pbx.Call;
import io.dialgate.simulator.pbx.Pause;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.PbxRegistry;
import io.dialgate.simulator.pbx.Queue;
import io.dialgate.simulator.pbx.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The rules behind /_sim and the seed file: validation, upserts, inbound calls, tokens. */
@ApplicationScoped
public class ControlService {

    /** Daktela's queue types; calls go out through {@code out}, SMS through {@code sms}. */
    private static final List<String> QUEUE_TYPES = List.of("in", "out", "sms", "email", "chat", "ctc", "outbounder",
            "progressive", "dialer", "interviewer", "fbm", "igdm", "socialmedia", "wap", "vbr", "custom");
    private static final Set<String> PAUSE_TYPES = Set.of("wrap", "dnd", "lajdak");

    private final PbxRegistry registry;
    private final CallService calls;
    private final InstancePorts ports;

    public ControlService(PbxRegistry registry, CallService calls, InstancePorts ports) {
        this.registry = registry;
        this.calls = calls;
        this.ports = ports;
    }

    /**
     * Creates an instance (or updates its CORS flag and profile) and opens its own port when one is asked for;
     * true when new. The port opens first, so a port that cannot be had leaves no half-made instance behind.
     */
    public boolean createInstance(InstanceRequest request) {
        if (request == null) {
            throw new InvalidInputException("A JSON body {name, cors} is required");
        }
        Optional<InstancePorts.Listener> listener = request.port() == null ? Optional.empty()
                : ports.listen(request.name(), request.port());
        boolean created;
        try {
            created = registry.createOrUpdate(request.name(), request.cors(), request.relations(), request.timezone(),
                    request.tokenLifetimeSeconds());
        } catch (RuntimeException e) {
            listener.ifPresent(ports::discard);
            throw e;
        }
        listener.ifPresent(ports::assign);
        return created;
    }

    /** Closes an instance's own port; the instance stays reachable on the shared port. */
    public void closePort(String instanceName) {
        registry.get(instanceName);
        ports.close(instanceName);
    }

    /** Empties an instance, stopping its call timers and answering its held polls. */
    public void reset(String instanceName) {
        // Pending call timers find their call gone and do nothing, so they need no cancelling.
        registry.get(instanceName).reset();
    }

    /** Adds or replaces a user; true when new. */
    public boolean putUser(String instanceName, UserRequest request) {
        PbxInstance instance = registry.get(instanceName);
        if (request == null) {
            throw new InvalidInputException("A JSON body {login, password, title, rights} is required");
        }
        String login = required(request.login(), "login");
        String token = request.accessToken() == null ? Tokens.newToken() : request.accessToken();
        if (token.isBlank()) {
            throw new InvalidInputException("Field 'accessToken' must not be blank");
        }
        Set<String> rights = new LinkedHashSet<>(request.rights() == null ? List.of() : request.rights());
        rights.forEach(r -> required(r, "rights[]"));
        synchronized (instance) {
            if (instance.tokenTakenByOther(token, login)) {
                throw new ConflictException("Another user already has this access token");
            }
            String title = request.title() == null ? login : request.title();
            return instance.putUser(new User(login, request.password(), title, request.email(), token,
                    Set.copyOf(rights), request.queues() == null ? null : List.copyOf(request.queues())));
        }
    }

    /**
     * Adds or replaces a stored record (contacts, crmRecords, campaignsRecords, activitiesSms,
     * activitiesEmail, statuses), given as a real PBX shows it; true when new.
     */
    public boolean putRecord(String instanceName, String model, com.fasterxml.jackson.databind.JsonNode record) {
        PbxInstance instance = registry.get(instanceName);
        if (!io.dialgate.simulator.records.StoredModels.ALL.contains(model)) {
            throw new NotFoundException("Unknown stored model '" + model + "'; one of "
                    + new java.util.TreeSet<>(io.dialgate.simulator.records.StoredModels.ALL));
        }
        if (!(record instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            throw new InvalidInputException("A JSON object with a 'name' is required");
        }
        required(io.dialgate.simulator.common.Json.text(object.get("name")), "name");
        synchronized (instance) {
            return instance.records().put(model, object.deepCopy());
        }
    }

    public UserResponse user(String instanceName, String login) {
        PbxInstance instance = registry.get(instanceName);
        User user = instance.user(login).orElseThrow(() -> new NotFoundException("Unknown user '" + login + "'"));
        return new UserResponse(user.login(), user.title(), user.email(), user.accessToken(),
                List.copyOf(user.rights()), user.queues());
    }

    public boolean putQueue(String instanceName, QueueRequest request) {
        PbxInstance instance = registry.get(instanceName);
        if (request == null) {
            throw new InvalidInputException("A JSON body {name, title, type} is required");
        }
        String name = required(request.name(), "name");
        String type = required(request.type(), "type");
        if (!QUEUE_TYPES.contains(type)) {
            throw new InvalidInputException("Field 'type' must be one of " + String.join(", ", QUEUE_TYPES));
        }
        return instance.putQueue(new Queue(name, request.title() == null ? name : request.title(), type));
    }

    public boolean putPause(String instanceName, PauseRequest request) {
        PbxInstance instance = registry.get(instanceName);
        if (request == null) {
            throw new InvalidInputException("A JSON body {name, title, type, paid} is required");
        }
        String name = required(request.name(), "name");
        String type = request.type() == null || request.type().isEmpty() ? null : request.type();
        if (type != null && !PAUSE_TYPES.contains(type)) {
            throw new InvalidInputException("Field 'type' must be wrap, dnd, lajdak or null");
        }
        if (request.maxDuration() != null && request.maxDuration() < 0) {
            throw new InvalidInputException("Field 'maxDuration' must not be negative");
        }
        return instance.putPause(new Pause(name, request.title() == null ? name : request.title(), type,
                Boolean.TRUE.equals(request.paid()), request.maxDuration()));
    }

    /** Rings an inbound call at a user in a queue. */
    public CallResponse ring(String instanceName, CallRequest request) {
        PbxInstance instance = registry.get(instanceName);
        if (request == null) {
            throw new InvalidInputException("A JSON body {to, from, queue} is required");
        }
        String to = required(request.to(), "to");
        String from = required(request.from(), "from");
        String queue = required(request.queue(), "queue");
        synchronized (instance) {
            if (instance.user(to).isEmpty()) {
                throw new InvalidInputException("Field 'to' names unknown user '" + to + "'");
            }
            if (instance.queue(queue).isEmpty()) {
                throw new InvalidInputException("Field 'queue' names unknown queue '" + queue + "'");
            }
            return view(calls.ringIn(instance, to, queue, from).call());
        }
    }

    public CallResponse answer(String instanceName, String callId) {
        PbxInstance instance = registry.get(instanceName);
        synchronized (instance) {
            Call call = call(instance, callId);
            calls.answer(instance, call);
            return view(call);
        }
    }

    public CallResponse hangup(String instanceName, String callId) {
        PbxInstance instance = registry.get(instanceName);
        synchronized (instance) {
            Call call = call(instance, callId);
            calls.hangup(instance, call);
            return view(call);
        }
    }

    /** Rotates a user's static token; null revokes it and every token login.json issued. */
    public UserResponse setToken(String instanceName, String login, TokenRequest request) {
        PbxInstance instance = registry.get(instanceName);
        String token = request == null ? null : request.accessToken();
        if (token != null && token.isBlank()) {
            throw new InvalidInputException("Field 'accessToken' must not be blank; send null to revoke");
        }
        synchronized (instance) {
            if (instance.user(login).isEmpty()) {
                throw new NotFoundException("Unknown user '" + login + "'");
            }
            if (token != null && instance.tokenTakenByOther(token, login)) {
                throw new ConflictException("Another user already has this access token");
            }
            instance.setToken(login, token);
        }
        return user(instanceName, login);
    }

    private static Call call(PbxInstance instance, String callId) {
        return instance.call(callId).orElseThrow(() -> new NotFoundException("Unknown call '" + callId + "'"));
    }

    private static CallResponse view(Call call) {
        return new CallResponse(call.id(), call.activityName(), call.state().name().toLowerCase());
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("Field '" + field + "' is required");
        }
        return value;
    }
}
