package io.dialgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's operational metrics, in one place so that names and labels stay consistent with the
 * Grafana dashboard ({@code deploy/grafana/dialgate.json}) and the alerts
 * ({@code deploy/kubernetes/overlays/prod/prometheusrule.yaml}, the Helm chart's copy). Served in the
 * Prometheus text format at {@code /q/metrics}.
 *
 * <p>Prometheus names (Micrometer turns dots into underscores and adds the unit suffixes):
 * <ul>
 *   <li>{@code dialgate_polls_total{outcome}}: finished long polls;</li>
 *   <li>{@code dialgate_pbx_request_seconds{pbx_host}}: long-poll latency per PBX host (histogram);</li>
 *   <li>{@code dialgate_poll_errors_total{reason}}: polls that failed;</li>
 *   <li>{@code dialgate_events_total{type}}: events written;</li>
 *   <li>{@code dialgate_webhook_deliveries_total{outcome}}: webhook delivery attempts;</li>
 *   <li>{@code dialgate_poll_leases_held}: poll leases this replica holds;</li>
 *   <li>{@code dialgate_monitored_users}: monitored users the database knows (same on every replica);</li>
 *   <li>{@code dialgate_lease_renewal_failures_total}: heartbeats that failed to renew leases;</li>
 *   <li>{@code dialgate_pbx_reachable{pbx_host}}: 1 when the last poll reached the PBX host, else 0.</li>
 * </ul>
 *
 * <p>Label cardinality is kept bounded on purpose: labels carry PBX host ids (one per Daktela
 * instance a tenant connects) and short fixed vocabularies (outcome, reason, event type), never
 * user, tenant, endpoint or delivery ids. Callers pass the vocabulary values documented on each method.
 *
 * <p>Created at start-up ({@link Startup}) so that the gauges exist, at zero, before any caller
 * touches the bean: alerts such as "no leases held" need the series to be there.
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

    private final MeterRegistry registry;
    private final AtomicInteger leasesHeld = new AtomicInteger();
    private final AtomicLong monitoredUsers = new AtomicLong();
    private final Counter leaseRenewalFailures;
    private final Map<String, AtomicInteger> pbxReachable = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(LEASES_HELD, leasesHeld, AtomicInteger::get)
                .description("Poll leases held by this replica")
                .register(registry);
        Gauge.builder(MONITORED_USERS, monitoredUsers, AtomicLong::get)
                .description("Monitored users known to the database (every replica reports the same number)")
                .register(registry);
        leaseRenewalFailures = Counter.builder(LEASE_RENEWAL_FAILURES)
                .description("Lease heartbeats that failed to renew this replica's leases")
                .register(registry);
    }

    /**
     * Records one finished long poll against a PBX host.
     *
     * @param pbxHostId the PBX host id ({@code pbx_...}); never a user id
     * @param latency   how long the request took, including the time the PBX held it
     * @param outcome   one of {@code changed}, {@code unchanged}, {@code error}, {@code unauthorized}
     */
    public void recordPoll(String pbxHostId, Duration latency, String outcome) {
        Counter.builder(POLLS)
                .description("Finished long polls by outcome")
                .tag("outcome", label(outcome))
                .register(registry)
                .increment();
        Timer.builder(PBX_REQUEST)
                .description("Latency of PBX long polls by PBX host")
                .tag("pbx_host", host(pbxHostId))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(latency);
    }

    /**
     * Records a poll that failed.
     *
     * @param reason a short fixed word: {@code timeout}, {@code connect}, {@code http_5xx},
     *               {@code http_4xx}, {@code unauthorized}, {@code decode}, {@code other}
     */
    public void recordPollError(String reason) {
        Counter.builder(POLL_ERRORS)
                .description("Failed polls by reason")
                .tag("reason", label(reason))
                .register(registry)
                .increment();
    }

    /**
     * Records one event written to the event log.
     *
     * @param type the event type from the catalogue, such as {@code call.ringing}
     */
    public void recordEvent(String type) {
        Counter.builder(EVENTS)
                .description("Events written by type")
                .tag("type", label(type))
                .register(registry)
                .increment();
    }

    /**
     * Records one webhook delivery attempt.
     *
     * @param outcome one of {@code delivered} (2xx), {@code gone} (410: the endpoint is disabled) and
     *                {@code failed_attempt} (any other answer or none; retried while the schedule lasts)
     */
    public void recordDelivery(String outcome) {
        Counter.builder(DELIVERIES)
                .description("Webhook delivery attempts by outcome")
                .tag("outcome", label(outcome))
                .register(registry)
                .increment();
    }

    /** Sets how many poll leases this replica holds now (the polling engine calls it after each claim or release). */
    public void setLeasesHeld(int count) {
        leasesHeld.set(count);
    }

    /** Sets how many monitored users exist across all tenants (read from the database on a schedule). */
    public void setMonitoredUsers(long count) {
        monitoredUsers.set(count);
    }

    /** Counts one lease heartbeat that failed to renew this replica's leases. */
    public void leaseRenewalFailed() {
        leaseRenewalFailures.increment();
    }

    /**
     * Sets whether the last poll reached a PBX host ({@code dialgate_pbx_reachable} is 1 or 0).
     *
     * @param pbxHostId the PBX host id ({@code pbx_...})
     */
    public void setPbxReachable(String pbxHostId, boolean reachable) {
        pbxReachable.computeIfAbsent(pbxHostId, id -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(PBX_REACHABLE, value, AtomicInteger::get)
                    .description("1 when the last poll reached the PBX host, else 0")
                    .tag("pbx_host", host(id))
                    .register(registry);
            return value;
        }).set(reachable ? 1 : 0);
    }

    /** Drops the reachability gauge of a deleted PBX host, so a removed host cannot keep an alert firing. */
    public void forgetPbxHost(String pbxHostId) {
        if (pbxReachable.remove(pbxHostId) != null) {
            registry.find(PBX_REACHABLE).tag("pbx_host", host(pbxHostId)).meters().forEach(registry::remove);
        }
    }

    /** PBX host ids are case-sensitive opaque ids: kept as they are. */
    private static String host(String pbxHostId) {
        return pbxHostId == null || pbxHostId.isBlank() ? "unknown" : pbxHostId;
    }

    /** Vocabulary words are normalised to lower case so that "Delivered" and "delivered" are one series. */
    private static String label(String value) {
        return value == null || value.isBlank() ? "unknown" : value.toLowerCase(Locale.ROOT);
    }
}
