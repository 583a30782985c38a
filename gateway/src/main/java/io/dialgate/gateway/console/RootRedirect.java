package io.dialgate.gateway.console;

import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's root URL opens the console. A Vert.x route rather than a JAX-RS resource on "/", which the REST
 * layer would weigh against every other resource path.
 */
public class RootRedirect {

    @Route(path = "/", methods = Route.HttpMethod.GET)
    void root(RoutingContext rc) {
        rc.response().setStatusCode(302).putHeader("Location", "/console").end();
    }
}
