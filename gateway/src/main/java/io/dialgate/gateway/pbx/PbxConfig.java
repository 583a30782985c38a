package io.dialgate.gateway.pbx;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway reaches PBXes. */
@ConfigMapping(prefix = "dialgate.pbx")
public interface PbxConfig {

    /** Accept plain-http PBX URLs on non-loopback hosts (loopback is always allowed, for the simulator). */
    @WithDefault("false")
    boolean allowInsecureUrls();

    /** Connect timeout of PBX requests. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Read timeout of PBX commands (queue, pause, call). */
    @WithDefault("10s")
    Duration readTimeout();

    /** Read timeout of long polls; must exceed the PBX hold time (15 s on Daktela). */
    @WithDefault("30s")
    Duration longPollTimeout();

    /** Connections per PBX host for commands. */
    @WithDefault("20")
    int commandPoolSize();
}
