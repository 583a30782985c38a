package io.dialgate.gateway.metrics;

/** The {@code outcome} label of {@code dialgate_polls_total}: what an answered long poll brought. */
public enum PollOutcome {
    /** The answer changed the user's state: at least one event was written. */
    CHANGED("changed"),
    /** The answer changed nothing (the PBX released the held poll, or the change made no event). */
    UNCHANGED("unchanged");

    private final String label;

    PollOutcome(String label) {
        this.label = label;
    }

    /** The label value as Prometheus shows it. */
    public String label() {
        return label;
    }
}
