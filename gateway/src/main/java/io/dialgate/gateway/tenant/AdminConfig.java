package io.dialgate.gateway.tenant;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The operator API under {@code /admin}. */
@ConfigMapping(prefix = "dialgate.admin")
public interface AdminConfig {

    /**
     * Operator token, sent as {@code Authorization: Bearer <token>} to {@code /admin}. Unset: the
     * operator API refuses every request. Env {@code DIALGATE_ADMIN_TOKEN}.
     */
    Optional<String> token();
}
