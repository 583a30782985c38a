package io.dialgate.simulator.ticket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Ticket behaviour that no public source settles; each [assumed] choice is a setting. */
@ConfigMapping(prefix = "simulator.tickets")
public interface TicketConfig {

    /**
     * [assumed] When true, creating a ticket without {@code stage} or {@code priority} is a 400 form error
     * (the published schema marks both required); when false they default to OPEN and MEDIUM.
     */
    @WithDefault("false")
    boolean strictCreate();

    /**
     * [assumed] Whether a user's pull-data state carries a {@code tickets} section (the user's tickets,
     * open ones and the most recently closed), so that ticket changes wake held polls. Daktela's pull
     * data is documented to cover activities and notifications; whether it reveals tickets is unknown.
     */
    @WithDefault("true")
    boolean pullSection();

    /** How many of a user's closed tickets its pull-data {@code tickets} section keeps. */
    @WithDefault("20")
    int recentClosed();
}
