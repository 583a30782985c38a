package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A pause type agents can start. {@code type} may be null (plain pause), {@code wrap} or {@code dnd}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Pause(String name, String title, String type, Boolean paid, Integer maxDuration) {

    public static Pause of(String name, boolean paid) {
        return new Pause(name, "Pause " + name, null, paid, null);
    }
}
