package io.dialgate.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's pages. Each is a Qute shell (layout, navigation, forms, empty tables) and a script that fills it
 * from the public API with the credential the tab keeps in session storage: the server never sees which tenant a
 * page shows, so a page holds no data and no secret, and every call goes through the API's own checks.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn();

        static native TemplateInstance agents();

        static native TemplateInstance events();

        static native TemplateInstance webhooks();

        static native TemplateInstance deliveries();

        static native TemplateInstance setup();

        static native TemplateInstance tenants();

        static native TemplateInstance system();
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance signIn() {
        return Templates.signIn();
    }

    @GET
    @Path("/agents")
    @Operation(hidden = true)
    public TemplateInstance agents() {
        return Templates.agents();
    }

    @GET
    @Path("/events")
    @Operation(hidden = true)
    public TemplateInstance events() {
        return Templates.events();
    }

    @GET
    @Path("/webhooks")
    @Operation(hidden = true)
    public TemplateInstance webhooks() {
        return Templates.webhooks();
    }

    /**
     * The filters preset the page's form (the webhooks page links here with {@code webhookId}); the page's script
     * reads them from its address. They are declared only because the gateway refuses undeclared query parameters.
     */
    @GET
    @Path("/deliveries")
    @Operation(hidden = true)
    public TemplateInstance deliveries(@QueryParam("webhookId") String webhookId, @QueryParam("state") String state,
            @QueryParam("eventType") String eventType, @QueryParam("userId") String userId) {
        return Templates.deliveries();
    }

    @GET
    @Path("/setup")
    @Operation(hidden = true)
    public TemplateInstance setup() {
        return Templates.setup();
    }

    @GET
    @Path("/tenants")
    @Operation(hidden = true)
    public TemplateInstance tenants() {
        return Templates.tenants();
    }

    @GET
    @Path("/system")
    @Operation(hidden = true)
    public TemplateInstance system() {
        return Templates.system();
    }
}
