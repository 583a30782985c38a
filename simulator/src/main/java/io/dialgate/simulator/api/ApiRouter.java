package io.dialgate.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.ErrorStatus;
import io.dialgate.simulator.common.InvalidFieldException;
import io.dialgate.simulator.common.FormException;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.NotFoundException;
import io.dialgate.simulator.common.PayloadTooLargeException;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.common.SimulatorException;
import io.dialgate.simulator.common.UnauthorizedException;
import io.dialgate.simulator.common.UnknownInstanceException;
import io.dialgate.simulator.fault.Fault;
import io.dialgate.simulator.fault.Quirk;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.PbxRegistry;
import io.dialgate.simulator.pbx.User;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The Daktela v6 API of every instance, on plain Vert.x routes rather than JAX-RS: the simulator
 * must drop connections, answer malformed shapes, wrap JSONP and hold thousands of requests, and
 * a raw route gives exact control over each byte with no thread per request.
 *
 * <p>Pipeline: instance, path, token, callback, CORS preflight, fault, endpoint, quirk, writer.
 */
@ApplicationScoped
public class ApiRouter {

    private static final Logger LOG = Logger.getLogger(ApiRouter.class);
    private static final Pattern PATH = Pattern.compile("^(?:/pbx/([^/]+))?/api/v6/(.*)$");
    /**
     * {@code endpoint}, {@code endpoint/name} or {@code endpoint/name/relation}, each with or without
     * {@code .json}: Daktela's own manual writes paths both ways.
     */
    private static final Pattern ENDPOINT = Pattern.compile(
            "^([A-Za-z][A-Za-z0-9]*)(?:/([^/]+?)(?:/([A-Za-z][A-Za-z0-9]*))?)?(?:\\.json)?$");
    private static final int MAX_BODY = 1024 * 1024;

    private final PbxRegistry registry;
    private final ResponseWriter writer;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final SimulatorConfig config;
    private final java.time.Clock clock;
    private final Map<String, ApiEndpoint> endpoints = new HashMap<>();

    public ApiRouter(PbxRegistry registry, ResponseWriter writer, ObjectMapper mapper, Vertx vertx,
            SimulatorConfig config, java.time.Clock clock, Instance<ApiEndpoint> all) {
        this.clock = clock;
        this.registry = registry;
        this.writer = writer;
        this.mapper = mapper;
        this.vertx = vertx;
        this.config = config;
        all.forEach(endpoint -> endpoints.put(endpoint.name(), endpoint));
    }

    void register(@Observes Router router) {
        // Negative order: these paths belong to the emulator alone, ahead of Quarkus' own routes.
        router.routeWithRegex("^(/pbx/[^/]+)?/api/v6/.*").order(-100)
                .handler(new RequestBodyReader(MAX_BODY))
                .handler(this::handle);
        LOG.infof("Daktela API routes ready for %d endpoints", endpoints.size());
    }

    /**
     * The routes of an instance's own port: the same pipeline as the main server's, with the instance fixed,
     * so a client that knows only {@code http://127.0.0.1:port} reaches it whatever Host it sends. Every path
     * is routed here, so an unknown one gets Daktela's error envelope rather than Vert.x's plain 404.
     */
    Router routerFor(String instanceName) {
        Router router = Router.router(vertx);
        router.route().handler(new RequestBodyReader(MAX_BODY)).handler(context -> handle(context, instanceName));
        return router;
    }

    void handle(RoutingContext context) {
        handle(context, null);
    }

    private void handle(RoutingContext context, String fixedInstance) {
        Exchange exchange = new Exchange(context, System.nanoTime());
        try {
            start(exchange, fixedInstance);
        } catch (SimulatorException e) {
            writeError(exchange, e);
        } catch (RuntimeException e) {
            fail(exchange, e);
        }
    }

    private void start(Exchange exchange, String fixedInstance) {
        HttpServerRequest request = exchange.context.request();
        Matcher path = PATH.matcher(request.path());
        if (!path.matches()) {
            throw new NotFoundException("Not found");
        }
        String instanceName = path.group(1) == null ? instanceByHost(request.authority() == null ? null
                : request.authority().host()) : decode(path.group(1));
        if (fixedInstance != null) {
            // An instance's own port serves that instance alone: no path reaches another tenant through it.
            if (path.group(1) != null && !instanceName.equals(fixedInstance)) {
                throw new UnknownInstanceException("Unknown PBX instance '" + instanceName + "' on this port");
            }
            instanceName = fixedInstance;
        }
        exchange.instance = registry.get(instanceName);
        Matcher endpoint = ENDPOINT.matcher(path.group(2));
        if (!endpoint.matches()) {
            throw new NotFoundException("Unknown API path '" + path.group(2) + "'");
        }
        exchange.endpoint = endpoint.group(1);
        exchange.record = endpoint.group(2) == null ? null : decode(endpoint.group(2));
        exchange.relation = endpoint.group(3);
        if (RequestBodyReader.tooLarge(exchange.context)) {
            // The rest of the body may still be arriving: closing after the answer ends the upload early.
            exchange.context.response().putHeader("Connection", "close");
            throw new PayloadTooLargeException("The request body is larger than " + MAX_BODY / 1024 + " KB");
        }

        if (request.method().name().equals("OPTIONS")) {
            writer.writePreflight(exchange);
            return;
        }
        ObjectNode query = form(new QueryStringDecoder(request.uri()), "query string");
        ObjectNode parsedBody = parseBody(exchange);
        String callback = Json.text(query.get(config.api().jsonpParameter()));
        if (callback != null && request.method().name().equals("GET")) {
            if (!JsonpCallback.isAllowed(callback)) {
                throw new InvalidInputException("Parameter '" + config.api().jsonpParameter()
                        + "' must be a JavaScript identifier path such as cb or ns.fn, at most "
                        + JsonpCallback.MAX_LENGTH + " characters, naming no built-in such as eval or document");
            }
            exchange.callback = callback;
            parsedBody = tunnel(exchange, query, parsedBody);
        }
        ObjectNode body = parsedBody;
        exchange.body = body;
        String token = token(exchange, query, body);
        Optional<Fault> fault = exchange.instance.faults().match(token, exchange.endpoint,
                () -> ThreadLocalRandom.current().nextDouble());
        long latency = fault.map(Fault::getLatencyMs).orElse(0L);
        if (latency > 0) {
            vertx.setTimer(latency, id -> guarded(exchange, () -> proceed(exchange, fault.get(), query, body, token)));
        } else {
            proceed(exchange, fault.orElse(null), query, body, token);
        }
    }

    /**
     * The instance a client configured with only {@code https://acme.daktela.com} reaches: the first label
     * of a Host under the configured suffix ({@code acme.localhost}); {@code default} for any other host.
     */
    private String instanceByHost(String host) {
        String suffix = config.hosts().suffix().map(s -> s.startsWith(".") ? s : "." + s).orElse(null);
        if (host == null || suffix == null) {
            return PbxRegistry.DEFAULT;
        }
        String lower = host.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.length() > suffix.length() && lower.endsWith(suffix.toLowerCase(java.util.Locale.ROOT))) {
            String label = lower.substring(0, lower.length() - suffix.length());
            if (!label.contains(".")) {
                return label;
            }
        }
        return PbxRegistry.DEFAULT;
    }

    private void guarded(Exchange exchange, Runnable step) {
        try {
            step.run();
        } catch (SimulatorException e) {
            writeError(exchange, e);
        } catch (RuntimeException e) {
            fail(exchange, e);
        }
    }

    private void proceed(Exchange exchange, Fault fault, ObjectNode query, ObjectNode body, String token) {
        if (fault != null && !fault.isAfterAction() && applyFault(exchange, fault)) {
            return;
        }
        ApiEndpoint endpoint = endpoints.get(exchange.endpoint);
        if (endpoint == null) {
            throw new NotFoundException("Unknown endpoint '" + exchange.endpoint + "'");
        }
        if (exchange.relation != null && !endpoint.relations().contains(exchange.relation)) {
            throw new NotFoundException("Unknown relation '" + exchange.relation + "' of " + exchange.endpoint);
        }
        User user = null;
        if (token != null && endpoint.readsToken()) {
            user = exchange.instance.userByToken(token, clock.millis())
                    .orElseThrow(() -> new UnauthorizedException("Invalid access token"));
        } else if (endpoint.requiresToken()) {
            throw new UnauthorizedException("Access token required");
        }
        ApiCall call = new ApiCall(exchange.instance, exchange.method(), exchange.endpoint, exchange.record, query,
                body, token, user, exchange.relation);
        Quirk quirk = fault == null ? null : fault.getQuirk();
        // A client that gives up on a held poll must not leave a listener behind. The handler goes on
        // before subscribing: most endpoints answer synchronously and a written response is frozen.
        AtomicReference<Cancellable> subscription = new AtomicReference<>();
        exchange.context.response().closeHandler(v -> {
            Cancellable held = subscription.get();
            if (held != null) {
                held.cancel();
            }
        });
        subscription.set(endpoint.handle(call).subscribe().with(
                result -> guarded(exchange, () -> {
                    if (fault == null || !fault.isAfterAction() || !applyFault(exchange, fault)) {
                        writeResult(exchange, result, quirk);
                    }
                }),
                error -> guarded(exchange, () -> {
                    if (error instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(error);
                })));
    }

    /**
     * A field error as Daktela sends it, {@code {"form": {field: message}}} with the rejected record in
     * {@code result}; every other error as a list of messages.
     */
    private void writeError(Exchange exchange, SimulatorException error) {
        if (error instanceof FormException form) {
            ObjectNode envelope = writer.errorEnvelope();
            envelope.set("error", form.error());
            envelope.set("result", form.echo());
            writer.write(exchange, ErrorStatus.of(error), envelope);
            return;
        }
        if (error instanceof InvalidFieldException field) {
            ObjectNode envelope = writer.errorEnvelope();
            envelope.putObject("error").putObject("form").put(field.field(), field.formMessage());
            ObjectNode echoed = exchange.body == null ? Json.object() : exchange.body.deepCopy();
            echoed.remove("accessToken");
            envelope.set("result", echoed);
            writer.write(exchange, ErrorStatus.of(error), envelope);
            return;
        }
        writer.write(exchange, ErrorStatus.of(error), writer.errorEnvelope(error.getMessage()));
    }

    /** Applies a fault's effect; returns true when the fault answered the request itself. */
    private boolean applyFault(Exchange exchange, Fault fault) {
        if (fault.isDrop()) {
            writer.drop(exchange);
            return true;
        }
        Quirk quirk = fault.getQuirk();
        if (quirk != null && !quirk.reshapesList()) {
            switch (quirk) {
                case HTML_502 -> writer.writeHtml502(exchange);
                case ERROR_200 -> writer.write(exchange, 200, writer.errorEnvelope("Simulated error"));
                case ERROR_OBJECT -> {
                    ObjectNode envelope = writer.errorEnvelope();
                    envelope.putObject("error").put("message", "Simulated error");
                    writer.write(exchange, fault.getStatus() == null ? 400 : fault.getStatus(), envelope);
                }
                default -> {
                    ObjectNode envelope = writer.errorEnvelope();
                    ObjectNode form = ((ArrayNode) envelope.get("error")).addObject();
                    form.putArray("primary").add("Invalid form");
                    form.putObject("form").put("number", "Required");
                    writer.write(exchange, 400, envelope);
                }
            }
            return true;
        }
        Integer status = fault.getStatus();
        if (status == null) {
            return false;
        }
        if (status == 429) {
            exchange.context.response().putHeader("Retry-After", String.valueOf(fault.getRetryAfter()));
        }
        String message = switch (status) {
            case 401 -> "Invalid access token";
            case 403 -> "Forbidden";
            case 429 -> "Too many requests";
            default -> "Simulated fault: HTTP " + status;
        };
        writer.write(exchange, status, writer.errorEnvelope(message));
        return true;
    }

    private void writeResult(Exchange exchange, ApiResult result, Quirk quirk) {
        if (result.setCookie() != null) {
            exchange.context.response().headers().add("Set-Cookie", result.setCookie());
        }
        if (result.status() == 204) {
            writer.write(exchange, 204, null);
            return;
        }
        ObjectNode envelope = writer.envelope(result.result());
        JsonNode list = result.result();
        if (quirk != null && list != null && list.has("data") && list.has("total")) {
            ObjectNode reshaped = (ObjectNode) list.deepCopy();
            switch (quirk) {
                case TOTAL_STRING -> reshaped.put("total", list.get("total").asText());
                case TOTAL_NULL -> reshaped.putNull("total");
                default -> {
                    ObjectNode keyed = Json.object();
                    list.get("data").forEach(r -> keyed.set(r.path("name").asText(), r));
                    reshaped.set("data", keyed);
                }
            }
            envelope.set("result", reshaped);
        }
        writer.write(exchange, result.status(), envelope);
    }

    /**
     * A JSONP request naming a method in the method parameter becomes that method, its query (less
     * the callback and method parameters) its body. Returns the body to use.
     */
    private ObjectNode tunnel(Exchange exchange, ObjectNode query, ObjectNode body) {
        String parameter = config.api().jsonpMethodParameter();
        String method = parameter == null || parameter.isBlank() ? null : Json.text(query.get(parameter));
        if (method == null || method.isBlank() || method.equalsIgnoreCase("GET")) {
            return body;
        }
        method = method.toUpperCase(java.util.Locale.ROOT);
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("DELETE")) {
            throw new InvalidInputException("Parameter '" + parameter + "' must be GET, POST, PUT or DELETE");
        }
        exchange.methodOverride = method;
        ObjectNode tunnelled = query.deepCopy();
        tunnelled.remove(parameter);
        tunnelled.remove(config.api().jsonpParameter());
        return tunnelled;
    }

    private ObjectNode parseBody(Exchange exchange) {
        String method = exchange.method();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("DELETE")) {
            return Json.object();
        }
        String text = RequestBodyReader.body(exchange.context).toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Json.object();
        }
        String type = exchange.context.request().getHeader("Content-Type");
        String trimmed = text.trim();
        boolean looksJson = trimmed.startsWith("{") || trimmed.startsWith("[");
        boolean json = type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json")
                || looksJson && (type == null || (config.api().jsonBodyAnyType() && !isFormType(type)));
        if (!json) {
            return form(new QueryStringDecoder(text, StandardCharsets.UTF_8, false), "form body");
        }
        try {
            JsonNode node = mapper.readTree(text);
            if (node instanceof ArrayNode array && array.isEmpty()) {
                // PHP decodes [] and {} alike to an empty array: a body with no fields.
                return Json.object();
            }
            if (!(node instanceof ObjectNode object)) {
                throw new InvalidInputException("The JSON body must be an object");
            }
            return object;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("Malformed JSON body");
        }
    }

    /**
     * The token and where it was found, in the order query, body, header, cookie. An empty value counts
     * as no token, not as a wrong one: clients send {@code accessToken=} or an empty header before login.
     */
    private String token(Exchange exchange, ObjectNode query, ObjectNode body) {
        String token = Json.text(query.get("accessToken"));
        if (present(token)) {
            exchange.placement = TokenPlacement.QUERY;
            return token;
        }
        token = Json.text(body.get("accessToken"));
        if (present(token)) {
            exchange.placement = TokenPlacement.BODY;
            return token;
        }
        token = exchange.context.request().getHeader("X-Auth-Token");
        if (present(token)) {
            exchange.placement = TokenPlacement.HEADER;
            return token.trim();
        }
        Cookie cookie = exchange.context.request().getCookie("c_user");
        if (cookie != null && present(cookie.getValue())) {
            exchange.placement = TokenPlacement.COOKIE;
            return cookie.getValue();
        }
        return null;
    }

    private static boolean isFormType(String type) {
        String lower = type.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("x-www-form-urlencoded") || lower.contains("multipart/");
    }

    private static boolean present(String token) {
        return token != null && !token.isBlank();
    }

    private void fail(Exchange exchange, RuntimeException error) {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        LOG.errorf(error, "Unexpected failure answering %s %s (request id %s)", exchange.method(), exchange.path(), id);
        writer.write(exchange, 500, writer.errorEnvelope("Internal simulator error, request id " + id));
    }

    /** Decoded parameters as a tree; a broken percent escape is the client's error, not ours. */
    private static ObjectNode form(QueryStringDecoder decoder, String what) {
        try {
            return FormTreeParser.parse(decoder.parameters());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Malformed " + what + ": bad percent-encoding");
        }
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Malformed path: bad percent-encoding");
        }
    }
}
