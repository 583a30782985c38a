package io.dialgate.gateway.user;

import io.dialgate.gateway.common.PageRequest;
import io.dialgate.gateway.common.PageResponse;
import io.dialgate.gateway.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The Daktela users a tenant lets the gateway act for. */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
@SecurityRequirement(name = "apiKey")
public class PbxUserResource {

    private final PbxUserService users;
    private final PollStatus pollStatus;
    private final TenantContext tenant;

    public PbxUserResource(PbxUserService users, PollStatus pollStatus, TenantContext tenant) {
        this.users = users;
        this.pollStatus = pollStatus;
        this.tenant = tenant;
    }

    private UserResponse response(PbxUser user) {
        return UserResponse.of(user, pollStatus.of(user.tenantId, List.of(user)).get(user.id));
    }

    /**
     * A token travels in a header, a cookie or a query value: anything but visible ASCII could split a header
     * (CR, LF), end a C string (NUL) or forge a log line, so it is refused before any use.
     */
    static final String TOKEN = "[\\x21-\\x7e]+";
    static final String TOKEN_MESSAGE = "must be visible ASCII characters (no spaces or control characters)";
    static final String NO_CONTROL_CHARACTERS = "[^\\p{Cntrl}]+";

    public record RegisterUserRequest(
            @NotBlank @Schema(example = "pbx_01jd3x4y5z6a7b8c9d0e1f2g3h") String pbxHostId,
            @NotBlank @Size(max = 200) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "must not contain control characters")
            @Schema(example = "agent1") String login,
            @Size(min = 1, max = 4096) @Pattern(regexp = TOKEN, message = TOKEN_MESSAGE)
            @Schema(description = "The user's Daktela access token (or send password)") String accessToken,
            @Size(min = 1, max = 1024) @Schema(description = "Exchanged for a token through login.json, never stored") String password,
            @Schema(description = "Long-poll this user's state (default true)") Boolean monitored) {
        @Override
        public String toString() {
            return "RegisterUserRequest[pbxHostId=" + pbxHostId + ", login=" + login + "]";
        }
    }

    public record UpdateUserRequest(
            Boolean monitored,
            @Size(min = 1, max = 4096) @Pattern(regexp = TOKEN, message = TOKEN_MESSAGE) String accessToken,
            @Size(min = 1, max = 1024) String password) {
        @Override
        public String toString() {
            return "UpdateUserRequest[monitored=" + monitored + "]";
        }
    }

    @Schema(name = "User")
    public record UserResponse(@Schema(example = "usr_01jd3x4y5z6a7b8c9d0e1f2g3h") String id,
            @Schema(example = "agent1") String login, String pbxHostId, boolean monitored,
            @Schema(enumeration = {"valid", "invalid"}) String tokenStatus,
            @Schema(description = "How polling of the user goes: polling; backing_off (the last polls failed); failing (polls "
                    + "keep failing, user.polling_failed was sent, the state is stale); host_unreachable (its PBX host does not "
                    + "answer); token_invalid; not_monitored; starting (not polled yet)",
                    enumeration = {"polling", "backing_off", "failing", "host_unreachable", "token_invalid", "not_monitored",
                            "starting"}, example = "polling") String pollStatus,
            @Schema(description = "When the PBX last answered a poll (an answer without changes shows here within one"
                    + " polling tick, a second by default)", nullable = true) Instant lastPollAt,
            @Schema(description = "The last poll error, also after polling recovered (see lastPollErrorAt)", nullable = true,
                    example = "appPullData failed: HTTP 404") String lastPollError,
            @Schema(nullable = true) Instant lastPollErrorAt,
            @Schema(description = "Start of the current run of failed polls; null while polls succeed", nullable = true)
            Instant pollFailingSince,
            Instant createdAt, Instant updatedAt) {
        public static UserResponse of(PbxUser u, PollStatus.View poll) {
            return new UserResponse(u.id, u.login, u.pbxHostId, u.monitored, u.tokenStatus.name(), poll.status().name(),
                    poll.lastPollAt(), poll.lastPollError(), poll.lastPollErrorAt(), poll.failingSince(), u.createdAt, u.updatedAt);
        }
    }

    @POST
    @Operation(summary = "Register a user with an access token or a password")
    @APIResponse(responseCode = "201", description = "Registered; the token was checked with whoim.json",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "404", description = "No such PBX host")
    @APIResponse(responseCode = "409", description = "The login is already registered on this host")
    @APIResponse(responseCode = "422", description = "The PBX refused the token or the password")
    @APIResponse(responseCode = "502", description = "The PBX failed or is unreachable")
    @APIResponse(responseCode = "504", description = "The PBX did not answer in time")
    public Response register(@Valid @NotNull RegisterUserRequest request) {
        PbxUser user = users.register(tenant.tenantId(), request.pbxHostId(), request.login(),
                new PbxUserService.Credentials(Optional.ofNullable(request.accessToken()), Optional.ofNullable(request.password())),
                request.monitored() == null || request.monitored());
        return Response.status(201).entity(response(user)).build();
    }

    @GET
    @Operation(summary = "List users", description = "Each with its token and poll status.")
    @APIResponse(responseCode = "200", description = "A page of users")
    public PageResponse<UserResponse> list(@Valid @BeanParam PageRequest page) {
        String tenantId = tenant.tenantId();
        List<PbxUser> rows = users.list(tenantId, page.afterOrEmpty(), page.limit);
        Map<String, PollStatus.View> polls = pollStatus.of(tenantId, rows);
        return PageResponse.of(rows, page.limit, u -> u.id, u -> UserResponse.of(u, polls.get(u.id)));
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "Get a user")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "404", description = "No such user")
    public UserResponse get(@PathParam("userId") String userId) {
        return response(users.get(tenant.tenantId(), userId));
    }

    @PATCH
    @Path("/{userId}")
    @Operation(summary = "Change monitoring or replace the access token")
    @APIResponse(responseCode = "200", description = "The updated user")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "The user kept changing during the update; retry it")
    @APIResponse(responseCode = "422", description = "The PBX refused the new token or password")
    @APIResponse(responseCode = "502", description = "The PBX failed or is unreachable")
    public UserResponse update(@PathParam("userId") String userId, @Valid UpdateUserRequest body) {
        // Every field is optional, so no body at all is an empty change, as {} is.
        UpdateUserRequest request = body == null ? new UpdateUserRequest(null, null, null) : body;
        return response(users.update(tenant.tenantId(), userId, Optional.ofNullable(request.monitored()),
                new PbxUserService.Credentials(Optional.ofNullable(request.accessToken()), Optional.ofNullable(request.password()))));
    }

    @DELETE
    @Path("/{userId}")
    @Operation(summary = "Forget a user and its token")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such user")
    public void delete(@PathParam("userId") String userId) {
        users.delete(tenant.tenantId(), userId);
    }
}
