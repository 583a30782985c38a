package io.dialgate.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Daktela v6 on the wire. Generic over endpoints so one interface serves every area, and returns
 * the raw body as text: the envelope's quirks (errors with HTTP 200, HTML 502 pages) are easier
 * to handle in {@link Envelope} than through Jackson binding and exception mappers. A null token
 * argument sends no header or cookie.
 */
@Path("/api/v6")
@Produces(MediaType.APPLICATION_JSON)
interface DaktelaApi {

    String TOKEN_HEADER = "X-Auth-Token";
    String TOKEN_COOKIE = "c_user";
    String TOKEN_QUERY = "accessToken";

    @GET
    @Path("/{endpoint}.json")
    Uni<RestResponse<String>> list(@RestPath String endpoint, @RestQuery Map<String, String> query,
            @RestHeader(TOKEN_HEADER) String headerToken, @RestCookie(TOKEN_COOKIE) String cookieToken);

    @GET
    @Path("/{endpoint}/{name}.json")
    Uni<RestResponse<String>> get(@RestPath String endpoint, @RestPath String name,
            @RestQuery Map<String, String> query, @RestHeader(TOKEN_HEADER) String headerToken,
            @RestCookie(TOKEN_COOKIE) String cookieToken);

    @POST
    @Path("/{endpoint}.json")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> post(@RestPath String endpoint, @RestQuery Map<String, String> query,
            @RestHeader(TOKEN_HEADER) String headerToken, @RestCookie(TOKEN_COOKIE) String cookieToken, String body);

    @PUT
    @Path("/{endpoint}.json")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> putCollection(@RestPath String endpoint, @RestQuery Map<String, String> query,
            @RestHeader(TOKEN_HEADER) String headerToken, @RestCookie(TOKEN_COOKIE) String cookieToken, String body);

    @PUT
    @Path("/{endpoint}/{name}.json")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> put(@RestPath String endpoint, @RestPath String name,
            @RestQuery Map<String, String> query, @RestHeader(TOKEN_HEADER) String headerToken,
            @RestCookie(TOKEN_COOKIE) String cookieToken, String body);
}
