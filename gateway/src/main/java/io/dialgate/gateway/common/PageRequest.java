package io.dialgate.gateway.common;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** The {@code ?after=&limit=} query of every list endpoint. */
public class PageRequest {

    @QueryParam("after")
    @Pattern(regexp = "[a-z]{3}_[0-9a-z]{26}", message = "must be a cursor returned as nextCursor")
    public String after;

    @QueryParam("limit")
    @DefaultValue("50")
    @Min(value = 1, message = "must be between 1 and 200")
    @Max(value = 200, message = "must be between 1 and 200")
    public int limit = 50;

    public String afterOrEmpty() {
        return after == null ? "" : after;
    }
}
