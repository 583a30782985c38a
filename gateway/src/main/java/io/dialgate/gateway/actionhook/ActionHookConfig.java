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
}
