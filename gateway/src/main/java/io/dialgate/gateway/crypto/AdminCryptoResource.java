package io.dialgate.gateway.crypto;

import io.dialgate.gateway.common.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The key-rotation command of the operator API. */
@Path("/admin/crypto")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: encryption keys")
@SecurityRequirement(name = "operator")
public class AdminCryptoResource {

    private final SecretRotationService rotation;

    public AdminCryptoResource(SecretRotationService rotation) {
        this.rotation = rotation;
    }

    @GET
    @Path("/status")
    @Operation(summary = "The active key and how many secrets still use other keys")
    @APIResponse(responseCode = "200", description = "Status")
    public SecretRotationService.KeyStatus status() {
        return rotation.status();
    }

    @POST
    @Path("/re-encrypt")
    @Operation(summary = "Re-encrypt every secret with the active key, in batches, while the gateway serves")
    @APIResponse(responseCode = "200", description = "What was re-encrypted and what is left")
    public SecretRotationService.RotationReport reEncrypt() {
        return rotation.rotateAll();
    }
}
