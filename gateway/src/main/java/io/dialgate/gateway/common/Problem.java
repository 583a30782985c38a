package io.dialgate.gateway.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document, plus {@code code} (stable, snake_case), {@code requestId} and, for
 * validation, {@code errors}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(example = "https://dialgate.io/problems/validation_failed") String type,
        @Schema(example = "Bad Request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "Invalid queue: must not be blank") String detail,
        @Schema(example = "validation_failed") String code,
        @Schema(example = "req_3f9a1c") String requestId,
        List<DialgateException.FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://dialgate.io/problems/";
}
