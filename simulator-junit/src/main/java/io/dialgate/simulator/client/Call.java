package io.dialgate.simulator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A call rung or changed through the control API: its id, its activity's name and its state. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Call(String id, String activity, String state) {
}
