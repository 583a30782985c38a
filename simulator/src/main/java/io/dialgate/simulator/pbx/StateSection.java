package io.dialgate.simulator.pbx;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A per-instance store of a feature package whose records belong in a user's pull-data state. The
 * instance calls it, under its lock, each time it rebuilds a user's sections; a section that differs
 * from the last published one changes the user's hash and wakes its held polls, like any other.
 */
public interface StateSection {

    /** Puts this feature's section(s) for {@code login} into {@code sections}. */
    void addTo(String login, ObjectNode sections);
}
