package io.dialgate.simulator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.simulator.common.ProblemMapper;
import io.dialgate.simulator.common.SimulatorConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Holds every {@code /_sim} request to the control token when one is set: the control API can reset
 * instances, rotate tokens and inject faults, so whoever reaches it owns the simulator.
 *
 * <p>A Vert.x route ahead of everything else rather than a JAX-RS filter, so that no path reaches
 * the control API around it: it also guards paths no resource matches, and it checks the decoded
 * path with repeated slashes collapsed and case ignored, a superset of what JAX-RS would route.
 */
@ApplicationScoped
public class ControlTokenFilter {

    private static final String PREFIX = "/_sim";

    private final Optional<byte[]> expectedDigest;
    private final ObjectMapper mapper;

    public ControlTokenFilter(SimulatorConfig config, ObjectMapper mapper) {
        Optional<String> token = config.control().token();
        if (token.isPresent() && token.get().isBlank()) {
            // Treating it as unset would leave the control API open to someone who meant to close it.
            throw new IllegalStateException("simulator.control.token is blank: set a real token or unset SIMULATOR_CONTROL_TOKEN");
        }
        this.expectedDigest = token.map(ControlTokenFilter::digest);
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        if (expectedDigest.isPresent()) {
            router.route().order(-200).handler(this::check);
        }
    }

    void check(RoutingContext context) {
        if (!isControlPath(context.normalizedPath()) || isAuthorised(context.request())) {
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        // Read and drop any body, so the connection stays usable without the client's upload stalling it.
        if (!request.isEnded()) {
            request.handler(chunk -> { }).resume();
        }
        String body;
        try {
            body = mapper.writeValueAsString(ProblemMapper.body(401,
                    "The control API needs the control token (X-Sim-Token or Authorization: Bearer)"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serialises", e);
        }
        context.response().setStatusCode(401)
                .putHeader("Content-Type", ProblemMapper.PROBLEM_JSON)
                .putHeader("WWW-Authenticate", "Bearer realm=\"simulator control API\"")
                .end(body);
    }

    private boolean isAuthorised(HttpServerRequest request) {
        String presented = request.getHeader("X-Sim-Token");
        if (presented == null) {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = authorization.substring(7).trim();
            }
        }
        // Digests of equal length, compared in constant time: neither the length of the token nor
        // how much of it matched shows in the response time.
        return presented != null && MessageDigest.isEqual(digest(presented), expectedDigest.orElseThrow());
    }

    /**
     * True for any spelling of a path under /_sim. Takes the path as Vert.x normalises it for routing
     * (dot segments resolved), then decodes it fully and collapses repeated slashes.
     */
    static boolean isControlPath(String normalizedPath) {
        if (normalizedPath == null) {
            return false;
        }
        String path = normalizedPath;
        try {
            path = URLDecoder.decode(normalizedPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A broken escape: no route decodes it either, so the text as it stands is what to check.
        }
        return path.replaceAll("/{2,}", "/").toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM ships SHA-256", e);
        }
    }
}
