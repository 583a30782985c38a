package io.dialgate.gateway.polling;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Default {@link PollMetrics} until a metrics backend provides one (the Micrometer bean replaces it). */
@ApplicationScoped
public class MicrometerlessPollMetrics {

    @Produces
    @DefaultBean
    @ApplicationScoped
    PollMetrics pollMetrics() {
        return PollMetrics.NONE;
    }
}
