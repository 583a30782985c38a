package io.dialgate.gateway.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on the request line and headers that the gateway answers with a problem document. They sit
 * below the HTTP codec's own limits ({@code quarkus.http.limits.max-initial-line-length} and
 * {@code max-header-size}): a request over those never reaches the application and gets the codec's
 * empty answer, so the codec's limits are set higher and serve only as a ceiling against abuse.
 */
@ConfigMapping(prefix = "dialgate.http")
public interface HttpLimitsConfig {

    /** Longest request target (path and query, as sent) before 414 URI Too Long. */
    @WithDefault("4096")
    int maxUriLength();

    /** Largest total of header names and values before 431 Request Header Fields Too Large. */
    @WithDefault("20K")
    MemorySize maxHeaderSize();
}
