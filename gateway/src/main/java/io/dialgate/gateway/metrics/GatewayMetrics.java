package io.dialgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's operational metrics, in one place so that names and labels stay consistent with the
 * Grafana dashboard ({@code deploy/grafana/dialgate.json}), the alerts
 * ({@code deploy/kubernetes/overlays/prod/prometheusrule.yaml}, the Helm chart's copy) and the metrics table
 * of docs/operations.md; a test drives real outcomes and checks all three against a scrape. Served in the
 * Prometheus text format at {@code /q/metrics}.
 *
 * <p>Prometheus names (Micrometer turns dots into underscores and adds the unit suffixes):
 * <ul>
 *   <li>{@code dialgate_polls_total{outcome}}: answered long polls ({@link PollOutcome});</li>
 *   <li>{@code dialgate_pbx_request_seconds{pbx_host}}: long-poll latency per PBX host (histogram);</li>
 *   <li>{@code dialgate_poll_errors_total{reason}}: polls that failed ({@link PollFailure});</li>
 *   <li>{@code dialgate_events_total{type}}: events written (the event type's wire name);</li>
 *   <li>{@code dialgate_webhook_deliveries_total{outcome}}: webhook attempts sent ({@link WebhookAttemptOutcome});</li>
 *   <li>{@code dialgate_poll_leases_held}: poll leases this replica holds;</li>
 *   <li>{@code dialgate_monitored_users}: users to poll, across tenants (same on every replica);</li>
 *   <li>{@code dialgate_lease_renewal_failures_total}: leases this replica expected to renew but had lost;</li>
 *   <li>{@code dialgate_pbx_reachable{pbx_host}}: 0 while this replica's circuit for the host is open, else 1.</li>
 * </ul>
 *
 * <p>Label cardinality is kept bounded on purpose: labels carry PBX host ids (one per Daktela
 * instance a tenant connects) and closed vocabularies (the enums of this package, the event catalogue), never
 * user, tenant, endpoint or delivery ids.
 *
 * <p>Created at start-up ({@link Startup}) so that the gauges exist, at zero, before any caller
 * touches the bean: alerts such as "no leases held" need the series to be there.
 *
 * <p>The injected registry is Micrometer's global composite, which outlives the application when one JVM starts
 * it several times (Quarkus tests restart it for each test profile; the composite drops its meters only in dev
 * mode). Registering a gauge whose name and tags the composite already holds returns the old gauge, still
 * reading the previous start's numbers, so this bean removes its meters when it is destroyed and any left over
 * when it is created. Gauges read through strong references: a gauge built on a weakly held object reads NaN
 * once that object is collected.
 */
@Startup
@ApplicationScoped
public class GatewayMetrics {

    static final String POLLS = "dialgate.polls";
    static final String PBX_REQUEST = "dialgate.pbx.request";
    static final String POLL_ERRORS = "dialgate.poll.errors";
    static final String EVENTS = "dialgate.events";
    static final String DELIVERIES = "dialgate.webhook.deliveries";
    static final String LEASES_HELD = "dialgate.poll.leases.held";
    static final String MONITORED_USERS = "dialgate.monitored.users";
    static final String LEASE_RENEWAL_FAILURES = "dialgate.lease.renewal.failures";
    static final String PBX_REACHABLE = "dialgate.pbx.reachable";

    /** Histogram buckets for PBX latency: a long poll may legitimately be held for tens of seconds. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60)
    };

    private static final String PREFIX = "dialgate.";

    private final MeterRegistry registry;
    private final AtomicInteger leasesHeld = new AtomicInteger();
    private final AtomicLong monitoredUsers = new AtomicLong();
    private final Counter leaseRenewalFailures;
    private final Map<String, AtomicInteger> pbxReachable = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        removeOwnMeters();
        Gauge.builder(LEASES_HELD, leasesHeld::get)
                .description("Poll leases held by this replica")
                .register(registry);
        Gauge.builder(MONITORED_USERS, monitoredUsers::get)
                .description("Users to poll across all tenants (every replica reports the same number)")
                .register(registry);
        leaseRenewalFailures = Counter.builder(LEASE_RENEWAL_FAILURES)
                .description("Leases this replica expected to renew but had lost")
                .register(registry);
    }

    /** Leaves the global registry without this start's meters, so that a later start in this JVM registers its own. */
    @PreDestroy
    void removeOwnMeters() {
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (meter.getId().getName().startsWith(PREFIX)) {
                registry.remove(meter);
            }
        }
    }

    /**
     * Records one answered long poll against a PBX host.
     *
     * @param pbxHostId the PBX host id ({@code pbx_...}); never a user id
     * @param latency   how long the request took, including the time the PBX held it
     */
    public void recordPoll(String pbxHostId, Duration latency, PollOutcome outcome) {
        Counter.builder(POLLS)
                .description("Answered long polls by outcome")
                .tag("outcome", outcome.label())
                .register(registry)
                .increment();
        Timer.builder(PBX_REQUEST)
                .description("Latency of PBX long polls by PBX host")
                .tag("pbx_host", host(pbxHostId))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(latency);
    }

    /** Records a poll that failed. */
    public void recordPollError(PollFailure reason) {
        Counter.builder(POLL_ERRORS)
                .description("Failed polls by reason")
                .tag("reason", reason.label())
                .register(registry)
                .increment();
    }

    /**
     * Records one event written to the event log.
     *
     * @param type the event type's wire name from the catalogue, such as {@code call.ringing}; a String because the
     *             catalogue belongs to the event feature, which reports here
     */
    public void recordEvent(String type) {
        Counter.builder(EVENTS)
                .description("Events written by type")
                .tag("type", type == null || type.isBlank() ? "unknown" : type)
                .register(registry)
                .increment();
    }

    /** Records one webhook attempt that was sent, by what it decided for its delivery. */
    public void recordDelivery(WebhookAttemptOutcome outcome) {
        Counter.builder(DELIVERIES)
                .description("Webhook delivery attempts sent, by what they decided")
                .tag("outcome", outcome.label())
                .register(registry)
                .increment();
    }

    /** Sets how many poll leases this replica holds now (the polling engine calls it after each claim or release). */
    public void setLeasesHeld(int count) {
        leasesHeld.set(count);
    }

    /** Sets how many users there are to poll across all tenants (each polling pass counts their leases). */
    public void setMonitoredUsers(long count) {
        monitoredUsers.set(count);
    }

    /** Counts one lease this replica expected to renew but had lost. */
    public void leaseRenewalFailed() {
        leaseRenewalFailures.increment();
    }

    /**
     * Sets whether this replica reaches a PBX host ({@code dialgate_pbx_reachable} is 1 or 0).
     *
     * @param pbxHostId the PBX host id ({@code pbx_...})
     */
    public void setPbxReachable(String pbxHostId, boolean reachable) {
        pbxReachable.computeIfAbsent(pbxHostId, id -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(PBX_REACHABLE, value::get)
                    .description("0 while this replica's circuit for the PBX host is open, else 1")
                    .tag("pbx_host", host(id))
                    .register(registry);
            return value;
        }).set(reachable ? 1 : 0);
    }

    /** The PBX hosts that have a reachability gauge here. */
    public Set<String> pbxHostsWithReachability() {
        return Set.copyOf(pbxReachable.keySet());
    }

    /**
     * Drops every series of a PBX host (deleted, or no longer polled here): its reachability, so it cannot keep an
     * alert firing, and its latency, so hosts that come and go do not pile up series.
     */
    public void forgetPbxHost(String pbxHostId) {
        pbxReachable.remove(pbxHostId);
        for (String name : List.of(PBX_REACHABLE, PBX_REQUEST)) {
            registry.find(name).tag("pbx_host", host(pbxHostId)).meters().forEach(registry::remove);
        }
    }

    /** PBX host ids are case-sensitive opaque ids: kept as they are. */
    private static String host(String pbxHostId) {
        return pbxHostId == null || pbxHostId.isBlank() ? "unknown" : pbxHostId;
    }
}
