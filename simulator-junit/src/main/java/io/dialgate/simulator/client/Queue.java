package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A PBX queue: {@code type} is {@code in} (inbound calls ring through it) or {@code out} (outbound calls). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Queue(String name, String title, String type) {

    public static Queue inbound(String name) {
        return new Queue(name, "Queue " + name, "in");
    }

    public static Queue outbound(String name) {
        return new Queue(name, "Queue " + name, "out");
    }
}
