package io.dialgate.simulator.control;

import java.util.List;

/** {@code POST /_sim/instances/{i}/sessions/pause}: the users whose pause changes, and the pause (null ends it). */
public record PauseChangeRequest(List<String> logins, String pause) {
}
