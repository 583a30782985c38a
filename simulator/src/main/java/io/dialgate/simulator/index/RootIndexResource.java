package io.dialgate.simulator.index;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The simulator's root: a small JSON index of what it serves, so the URL the launcher prints leads
 * somewhere useful instead of a 404.
 */
@Path("/")
public class RootIndexResource {

    /** Where the simulator's documentation is published; the repository's README for this module. */
    static final String DOCS = "https://github.com/dialgate/dialgate/blob/main/simulator/README.md";

    /** The index; every link but {@code docs} is a path on this server. */
    public record Index(String name, String description, Map<String, String> links) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getIndex", summary = "Links to the simulator's APIs, documentation and example pages")
    public Index index() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("daktelaApi", "/api/v6/");
        links.put("controlApi", "/_sim/instances");
        links.put("openapi", "/_sim/openapi");
        links.put("swaggerUi", "/q/swagger-ui/");
        links.put("health", "/q/health");
        links.put("pauseControlExample", "/examples/pause-control/");
        links.put("browserKit", "/js/");
        links.put("docs", DOCS);
        return new Index("Dialgate simulator", "A Daktela v6 PBX emulator with a control API for tests", links);
    }
}
