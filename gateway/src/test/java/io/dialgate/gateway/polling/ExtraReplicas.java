package io.dialgate.gateway.polling;

import io.dialgate.gateway.user.TokenInvalidation;
import io.dialgate.gateway.pbx.PbxClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Builds polling workers that act as further replicas on the test's database, wired like the real one. */
@ApplicationScoped
class ExtraReplicas {

    private final PollingConfig config;
    private final LeaseStore leases;
    private final PollTargets targets;
    private final PbxClients clients;
    private final PollingDependencies dependencies;
    private final Clock clock;

    ExtraReplicas(PollingConfig config, LeaseStore leases, PollTargets targets, PbxClients clients, StateRecorder recorder,
            HostReachability hosts, TokenInvalidation tokens, io.dialgate.gateway.database.DatabaseAvailability database,
            PollFailures failures, SeenTimes seen, Clock clock) {
        this.config = config;
        this.leases = leases;
        this.targets = targets;
        this.clients = clients;
        this.dependencies = new PollingDependencies(recorder, hosts, tokens, PollMetrics.NONE, database, failures, seen);
        this.clock = clock;
    }

    PollingWorker worker(String replica) {
        return worker(replica, clock);
    }

    /** A replica whose leases last {@code lease} instead of the configured time (the rest of its settings as configured). */
    PollingWorker worker(String replica, java.time.Duration lease) {
        PollingConfig longer = (PollingConfig) java.lang.reflect.Proxy.newProxyInstance(PollingConfig.class.getClassLoader(),
                new Class<?>[] {PollingConfig.class}, (proxy, method, args) -> method.getName().equals("lease") ? lease
                        : method.invoke(config, args));
        return new PollingWorker(replica, longer, leases, targets, clients, dependencies, clock);
    }

    /** A replica on its own clock, for tests that move time on. */
    PollingWorker worker(String replica, Clock ownClock) {
        return new PollingWorker(replica, config, leases, targets, clients, dependencies, ownClock);
    }
}
