package io.dialgate.simulator.sms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How SMS are sent. No public source shows an SMS being sent through the v6 API; the request shape and
 * the queue-login rule below are [assumed] and named here so a finding on a real PBX needs no code change.
 */
@ConfigMapping(prefix = "simulator.sms")
public interface SmsConfig {

    /**
     * [assumed] Body field of {@code POST activities.json {type: SMS}} that carries the customer's number.
     */
    @WithDefault("number")
    String numberField();

    /** [assumed] Body field that carries the message text. */
    @WithDefault("text")
    String textField();

    /**
     * [assumed] Whether the agent must be logged in to the SMS queue to send through it, as it must be
     * logged in to an outbound queue to call.
     */
    @WithDefault("true")
    boolean requireQueueLogin();
}
