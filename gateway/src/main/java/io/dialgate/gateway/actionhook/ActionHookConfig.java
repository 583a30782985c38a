package io.dialgate.gateway.actionhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Inbound action hooks. */
@ConfigMapping(prefix = "dialgate.action-hooks")
public interface ActionHookConfig {

    /** The gateway's public base URL, used to build the hook URLs handed to tenants. Env {@code DIALGATE_ACTION_HOOKS_PUBLIC_URL}. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** How far a signed request's timestamp may be from now (Standard Webhooks recommends 5 minutes). */
    @WithDefault("5m")
    Duration tolerance();

    /**
     * Longest a hook request may take to send its body. The body is read without holding a worker thread, and a
     * sender that trickles it is cut off with 408 after this.
     */
    @WithDefault("10s")
    Duration bodyTimeout();

    /** Largest body a hook request may declare or send (commands are a few hundred bytes). */
    @WithDefault("16K")
    io.quarkus.runtime.configuration.MemorySize bodyLimit();

    /**
     * Refused hook requests (no or bad signature headers, unknown hook) one source address may make per minute;
     * beyond it they are answered 429 without looking at them.
     */
    @WithDefault("60")
    int refusalsPerMinute();
}
