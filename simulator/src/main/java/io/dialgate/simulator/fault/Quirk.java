package io.dialgate.simulator.fault;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.dialgate.simulator.common.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Malformed-but-real response shapes that clients must survive: proxies' HTML pages, errors with 200, odd list shapes. */
public enum Quirk {
    /** A proxy's HTML page with status 502 instead of JSON. */
    HTML_502("html-502"),
    /** An error list with HTTP 200. */
    ERROR_200("error-200"),
    /** {@code error} as an object instead of a list. */
    ERROR_OBJECT("error-object"),
    /** A form-validation error list with status 400. */
    ERROR_FORM("error-form"),
    /** A list whose {@code total} is a string. */
    TOTAL_STRING("total-string"),
    /** A list whose {@code total} is null. */
    TOTAL_NULL("total-null"),
    /** A list whose {@code data} is an object keyed by record name. */
    DATA_KEYED("data-keyed");

    private final String wire;

    Quirk(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** True for quirks that reshape a normal list answer instead of replacing the answer. */
    public boolean reshapesList() {
        return this == TOTAL_STRING || this == TOTAL_NULL || this == DATA_KEYED;
    }

    @JsonCreator
    public static Quirk fromWire(String value) {
        return Arrays.stream(values()).filter(q -> q.wire.equals(value)).findFirst()
                .orElseThrow(() -> new InvalidInputException("Field 'quirk' must be one of "
                        + Arrays.stream(values()).map(Quirk::wire).collect(Collectors.joining(", "))));
    }
}
