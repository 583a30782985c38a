package io.dialgate.simulator.control;

import com.fasterxml.jackson.annotation.JsonAlias;

/** {@code POST /_sim/instances/{i}/pauses}: {@code type} wrap, dnd, lajdak or null (custom). */
public record PauseRequest(String name, String title, String type, Boolean paid,
        @JsonAlias("max_duration") Integer maxDuration) {
}
