package io.dialgate.simulator.pbx;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A held pull-data request waiting for one user's state to change. Called while the instance lock
 * is held, so implementations must only hand the work to their own event loop and return.
 */
public interface ChangeListener {

    /** The user's state changed; {@code delta} holds the new hash and each changed section. */
    void onChange(ObjectNode delta);
}
