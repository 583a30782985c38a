package io.dialgate.gateway.console;

import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The gateway's root URL opens the console. A Vert.x route rather than a JAX-RS resource on "/", which the REST
 * layer would weigh against every other resource path.
 */
public class RootRedirect {

    @Route(path = "/", methods = Route.HttpMethod.GET)
    @Operation(summary = "Open the console", description = "Redirects to the console's pages at /console.")
    @APIResponse(responseCode = "302", description = "Found: the console is at /console",
            headers = @Header(name = "Location", description = "/console"))
    void root(RoutingContext rc) {
        rc.response().setStatusCode(302).putHeader("Location", "/console").end();
    }
}
