package io.dialgate.gateway.pbx;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/** How the gateway reaches PBXes. */
@ConfigMapping(prefix = "dialgate.pbx")
public interface PbxConfig {

    /**
     * Accept plain-http PBX URLs. Off by default: every request carries a user's access token, which plain http
     * would expose. Dev mode, tests and the demo (a simulator on loopback) turn it on.
     * Env {@code DIALGATE_PBX_ALLOW_INSECURE_URLS}.
     */
    @WithDefault("false")
    boolean allowInsecureUrls();

    /**
     * Let PBX requests reach loopback, private (RFC 1918, unique local, CGNAT), link-local (cloud metadata),
     * multicast and unspecified addresses. Off by default: a tenant's PBX URL must not be a way to probe or use
     * the gateway's own network. Checked before every request, on the address actually connected to. Dev mode,
     * tests and the demo turn it on. Env {@code DIALGATE_PBX_ALLOW_PRIVATE_ADDRESSES}.
     */
    @WithDefault("false")
    boolean allowPrivateAddresses();

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

    /**
     * The time zone of the local times the PBX sends without one (a pause's start). Daktela's cloud PBXs run
     * on Prague time. The API and the event payloads give those times with this zone's offset.
     */
    @WithDefault("Europe/Prague")
    ZoneId timeZone();
}
