package io.dialgate.bench;

import static io.dialgate.bench.EngineBenchmark.login;
import static io.dialgate.bench.EngineBenchmark.round;
import static io.dialgate.bench.EngineBenchmark.secondsSince;
import static io.dialgate.bench.EngineBenchmark.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.SimulatorControl;
import io.dialgate.testsupport.WebhookReceiver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Three gateway replicas (separate processes, each on its own loopback ports) on one PostgreSQL and one
 * simulator, as a deployment with several pods runs them:
 * <ol>
 *   <li>one replica alone holds every user and takes a burst (every user changes pause at once): the single
 *       replica's rate of events written, in this run, on this machine; each measured burst comes after an unmeasured
 *       one, so that both measure replicas whose write path is compiled;</li>
 *   <li>two more replicas start: how users spread over the three (from {@code poll_lease.locked_by}) and how long
 *       until each holds a third within 10 %; then the same burst, written by all three;</li>
 *   <li>an idle window: PostgreSQL rows and WAL written per second with nothing changing (lease renewals,
 *       heartbeats), and each process's CPU;</li>
 *   <li>{@code kill -9} of one replica in the middle of a wave of changes to its own users: time until the
 *       survivors hold its leases and the simulator holds every poll again, and whether each of its users' changes
 *       still arrives as a webhook (lost, duplicate events and duplicate deliveries counted).</li>
 * </ol>
 * At the end, {@code pg_total_relation_size} of the event and delivery tables gives bytes per row. Writes
 * {@code bench/results/replicas.md}, a JSON twin and charts.
 *
 * <p>Usage: {@code bench/run replicas [users] [idle-seconds]}.
 */
public final class ReplicasBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "bench-operator-token-of-at-least-32-chars";
    private static final String CRYPTO = "bench:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String PAUSE = "break";
    private static final List<String> NAMES = List.of("replica-1", "replica-2", "replica-3");
    private static final String VICTIM = "replica-2";
    private static final Duration LEASE = Duration.ofSeconds(15);

    private final int users;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AppProcess> replicas = new LinkedHashMap<>();
    private final String[] userIds;
    private final boolean[] paused;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final Map<String, Object> report;
    /** Leases per replica over the whole run, one sample a second: [seconds since start, leases]. */
    private final Map<String, List<double[]>> leaseSeries = new TreeMap<>();
    private final long runStart = System.nanoTime();
    private EmbeddedPostgres database;
    private Path databaseDir;
    private AppProcess simulator;
    private WebhookReceiver receiver;
    private String sessionUrl;

    private ReplicasBenchmark(int users, Map<String, Object> report) {
        this.users = users;
        this.userIds = new String[users];
        this.paused = new boolean[users];
        this.report = report;
    }

    public static void main(String[] args) {
        BenchRun.main(ReplicasBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path results = BenchRun.results();
        Map<String, Object> report = BenchRun.report();
        report.put("users", users);
        report.put("replicas", NAMES.size());
        System.out.println("Replicas benchmark, load average at start " + report.get("loadAverageAtStart"));
        ReplicasBenchmark bench = new ReplicasBenchmark(users, report);
        try {
            bench.measure(idleSeconds);
        } finally {
            bench.close();
        }
        report.put("loadAverageAtEnd", EngineBenchmark.loadAverage());
        write(results, report, bench.leaseSeries);
    }

    private void measure(int idleSeconds) throws Exception {
        databaseDir = Files.createTempDirectory("dialgate-bench-pg");
        database = EmbeddedPostgres.builder().setDataDirectory(databaseDir).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200").start();
        simulator = AppProcess.simulator(Map.of("SIMULATOR_SEED", "none"), List.of("-Xmx512m"));
        receiver = WebhookReceiver.start();
        startReplica(NAMES.get(0));
        seed();
        Thread sampler = new Thread(this::sampleLeases, "lease-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            awaitHeld(Duration.ofMinutes(5));
            // Each measured burst follows an unmeasured one: a replica's first burst runs its write path in the
            // interpreter while the JIT compiles it (a second or two with no events), which the first replica would
            // otherwise have behind it and the two new ones not.
            report.put("singleBurstWarmUp", burst("one replica, warm-up (not measured)"));
            report.put("singleBurst", burst("one replica"));

            long t0 = System.nanoTime();
            startReplica(NAMES.get(1));
            startReplica(NAMES.get(2));
            report.put("replicasStartedSeconds", round(secondsSince(t0)));
            report.put("spread", awaitSpread(Duration.ofMinutes(4)));
            awaitHeld(Duration.ofMinutes(1));
            report.put("aggregateBurstWarmUp", burst("three replicas, warm-up (not measured)"));
            report.put("aggregateBurst", burst("three replicas"));
            report.put("idle", idle(idleSeconds));
            report.put("failover", killOne());
            report.put("tableSizes", tableSizes());
            report.put("purge", purge());
        } finally {
            sampler.interrupt();
        }
        for (String name : NAMES) {
            AppProcess gateway = replicas.get(name);
            report.put("logErrors " + name, EngineBenchmark.countLogLines(gateway.log(), "ERROR"));
            report.put("outOfMemory " + name, EngineBenchmark.countLogLines(gateway.log(), "OutOfMemoryError"));
        }
    }

    private void startReplica(String name) {
        Map<String, String> env = new HashMap<>();
        // Generous connect and login timeouts: a replica starting on a machine shared with other builds timed out at 10 s.
        env.put("DIALGATE_DB_URL", database.getJdbcUrl("postgres", "postgres") + "&connectTimeout=60&loginTimeout=60");
        env.put("DIALGATE_DB_USER", "postgres");
        env.put("DIALGATE_DB_PASSWORD", "");
        env.put("DIALGATE_ADMIN_TOKEN", ADMIN);
        env.put("DIALGATE_CRYPTO_KEYS", CRYPTO);
        env.put("DIALGATE_WEBHOOK_ALLOW_PRIVATE_URLS", "true");
        env.put("DIALGATE_RATE_LIMIT_REQUESTS_PER_SECOND", "1000000");
        env.put("DIALGATE_RATE_LIMIT_BURST", "1000000");
        env.put("DIALGATE_POLLING_REPLICA_ID", name);
        env.put("DIALGATE_POLLING_MAX_USERS_PER_REPLICA", Integer.toString(users + 1000));
        env.put("DIALGATE_POLLING_LONG_POLL_POOL_SIZE", Integer.toString(users + 1000));
        AppProcess gateway = AppProcess.gateway(env, List.of("-Xmx384m"));
        replicas.put(name, gateway);
        System.out.println(name + ": pid " + gateway.pid() + ", " + gateway.baseUrl() + ", log " + gateway.log());
    }

    /** One tenant, its PBX host, a webhook to the receiver, and every user registered through the first replica (8 at a time: a shared machine under load timed out at 32). */
    private void seed() throws Exception {
        SimulatorControl pbx = SimulatorControl.instance(simulator.baseUrl(), "bench");
        pbx.addQueue("1000", "in");
        pbx.addPause(PAUSE, "dnd", false);
        EngineBenchmark.parallel(users, 16, i -> pbx.addUser(login(i), "pw", token(i), List.of()));
        String base = replicas.get(NAMES.get(0)).baseUrl();
        String apiKey = EngineBenchmark.post(http, base + "/admin/tenants", ADMIN, "{\"name\":\"bench\"}").path("apiKey").asText();
        String hostId = EngineBenchmark.post(http, base + "/v1/pbx-hosts", apiKey,
                "{\"name\":\"sim\",\"baseUrl\":\"" + pbx.pbxUrl() + "\"}").path("id").asText();
        EngineBenchmark.post(http, base + "/v1/webhooks", apiKey,
                "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[],\"description\":\"bench\"}");
        long t0 = System.nanoTime();
        EngineBenchmark.parallel(users, 8, i -> userIds[i] = EngineBenchmark.post(http, base + "/v1/users", apiKey,
                "{\"pbxHostId\":\"" + hostId + "\",\"login\":\"" + login(i) + "\",\"accessToken\":\"" + token(i)
                        + "\",\"monitored\":true}").path("id").asText());
        report.put("registrationSeconds", round(secondsSince(t0)));
        for (int i = 0; i < users; i++) {
            indexOf.put(userIds[i], i);
        }
        sessionUrl = pbx.pbxUrl() + "/api/v6/usersSession.json";
    }

    private void awaitHeld(Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        int held = 0;
        while (System.nanoTime() < deadline && (held = heldPolls()) < users) {
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "Held polls: %d of %d after %.1f s%n", held, users, secondsSince(t0));
    }

    /** Until each replica holds a third of the users within 10 %, then the shares 10 s later (settled or not). */
    private Map<String, Object> awaitSpread(Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Map<String, Integer> shares = shares();
        double reachedAfter = Double.NaN;
        while (System.nanoTime() < deadline) {
            shares = shares();
            if (withinTenPercent(shares)) {
                reachedAfter = secondsSince(t0);
                break;
            }
            Thread.sleep(500);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sharesWhenReached", shares);
        r.put("secondsUntilWithinTenPercent", Double.isNaN(reachedAfter) ? "not within " + timeout.toSeconds() + " s"
                : round(reachedAfter));
        Thread.sleep(10_000);
        Map<String, Integer> settled = shares();
        r.put("sharesTenSecondsLater", settled);
        r.put("withinTenPercentTenSecondsLater", withinTenPercent(settled));
        r.put("largestDeviationFromAThirdPercent", round(deviation(settled)));
        System.out.println("Spread: " + r);
        return r;
    }

    private boolean withinTenPercent(Map<String, Integer> shares) {
        return shares.size() == NAMES.size() && deviation(shares) <= 10.0;
    }

    /** The largest share's distance from a third, in percent of a third. */
    private double deviation(Map<String, Integer> shares) {
        double third = users / (double) NAMES.size();
        double worst = 0;
        for (String name : NAMES) {
            worst = Math.max(worst, Math.abs(shares.getOrDefault(name, 0) - third) / third * 100);
        }
        return worst;
    }

    /**
     * Every user toggles its pause at once (32 senders to the simulator); events written counted in the
     * shared {@code event} table. The rate is over the time from the first change sent to the last event committed,
     * as the single-replica engine benchmark measures it.
     */
    private Map<String, Object> burst(String name) throws Exception {
        long events0 = count("SELECT count(*) FROM event WHERE type LIKE 'pause.%'");
        int received0 = receiver.received().size();
        Map<String, Long> cpu0 = cpuTicks();
        Snapshot db0 = Snapshot.take(this);
        long t0 = System.nanoTime();
        // A plain thread: the send runs once per burst, and an executor left open would keep its thread.
        CompletableFuture<Void> sending = CompletableFuture.runAsync(
                () -> EngineBenchmark.toggleAllAtOnce(SimulatorControl.instance(simulator.baseUrl(), "bench"), paused),
                command -> new Thread(command, "burst-sender").start());
        List<Long> perSecond = new ArrayList<>();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
        long written = 0;
        long lastSecondCount = 0;
        int second = 1;
        while (System.nanoTime() < deadline) {
            written = count("SELECT count(*) FROM event WHERE type LIKE 'pause.%'") - events0;
            if (System.nanoTime() - t0 >= second * 1_000_000_000L) {
                perSecond.add(written - lastSecondCount);
                lastSecondCount = written;
                second++;
            }
            if (written >= users) {
                break;
            }
            Thread.sleep(50);
        }
        double seconds = secondsSince(t0);
        perSecond.add(written - lastSecondCount);
        sending.get();
        long deliveryDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (receiver.received().size() - received0 < written && System.nanoTime() < deliveryDeadline) {
            Thread.sleep(100);
        }
        double deliveredAfter = secondsSince(t0);
        // PostgreSQL's statistics reach pg_stat_database within a second of each transaction.
        Thread.sleep(1_500);
        Snapshot db1 = Snapshot.take(this);
        Map<String, Long> cpu1 = cpuTicks();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changes", users);
        r.put("eventsWritten", written);
        r.put("eventsWrittenAfterSeconds", round(seconds));
        r.put("eventsPerSecondWritten", round(written / seconds));
        r.put("eventsWrittenPerSecond", perSecond);
        r.put("webhooksReceived", receiver.received().size() - received0);
        r.put("allDeliveredAfterSeconds", round(deliveredAfter));
        r.put("database", db1.minus(db0, written));
        r.put("cpuSecondsPerProcess", cpuSeconds(cpu0, cpu1));
        System.out.println("Burst, " + name + ": " + r);
        return r;
    }

    /** Nothing changes: what lease renewals and heartbeats cost PostgreSQL and each process. */
    private Map<String, Object> idle(int seconds) throws Exception {
        Thread.sleep(3_000);
        Map<String, Long> cpu0 = cpuTicks();
        Snapshot db0 = Snapshot.take(this);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double window = secondsSince(t0);
        Snapshot db1 = Snapshot.take(this);
        Map<String, Long> cpu1 = cpuTicks();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seconds", round(window));
        Map<String, Object> perSecond = new LinkedHashMap<>();
        db1.minus(db0, 1).forEach((k, v) -> perSecond.put(k.replace("PerEvent", "PerSecond"),
                v instanceof Number n ? round(n.doubleValue() / window) : v));
        r.put("databasePerSecond", perSecond);
        Map<String, Object> cpuPercent = new LinkedHashMap<>();
        cpuSeconds(cpu0, cpu1).forEach((k, v) -> cpuPercent.put(k, round(v * 100 / window)));
        r.put("cpuPercentOfOneCore", cpuPercent);
        Map<String, Object> rss = new LinkedHashMap<>();
        for (String name : NAMES) {
            rss.put(name, EngineBenchmark.rssMb(replicas.get(name).pid()));
        }
        r.put("rssMb", rss);
        System.out.println("Idle: " + r);
        return r;
    }

    /**
     * A wave of changes to the victim's own users; halfway through it the victim is killed (SIGKILL). Each of those
     * users' changes must still arrive as a webhook, once the survivors take the users over.
     */
    private Map<String, Object> killOne() throws Exception {
        Map<String, Integer> sharesBefore = shares();
        List<Integer> victims = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT user_id, locked_by FROM poll_lease WHERE locked_until > now()")) {
            while (rs.next()) {
                if (replicaOf(rs.getString(2)).equals(VICTIM)) {
                    victims.add(indexOf.get(rs.getString(1)));
                }
            }
        }
        int mark = receiver.received().size();
        Map<Integer, String> expectedType = new HashMap<>();
        for (int i : victims) {
            expectedType.put(i, paused[i] ? "pause.ended" : "pause.started");
        }
        AtomicInteger sent = new AtomicInteger();
        long[] killedAt = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> futures = new ArrayList<>();
        for (int i : victims) {
            futures.add(pool.submit(() -> {
                toggle(i);
                if (sent.incrementAndGet() == victims.size() / 2) {
                    killedAt[0] = System.nanoTime();
                    replicas.get(VICTIM).kill();
                    System.out.println("Killed " + VICTIM + " (SIGKILL) after " + sent.get() + " of " + victims.size() + " changes");
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        long killed = killedAt[0];
        report.put("killedAtSecond", round((killed - runStart) / 1e9));
        double wavesEndAfterKill = secondsSince(killed);
        double leasesTakenAfter = Double.NaN;
        double pollsHeldAfter = Double.NaN;
        double allArrivedAfter = Double.NaN;
        long deadline = killed + TimeUnit.SECONDS.toNanos(90);
        Map<Integer, List<String>> eventIds = new HashMap<>();
        while (System.nanoTime() < deadline) {
            if (Double.isNaN(leasesTakenAfter)) {
                Map<String, Integer> shares = shares();
                if (shares.getOrDefault(VICTIM, 0) == 0 && shares.values().stream().mapToInt(Integer::intValue).sum() >= users) {
                    leasesTakenAfter = secondsSince(killed);
                }
            }
            if (Double.isNaN(pollsHeldAfter) && !Double.isNaN(leasesTakenAfter) && heldPolls() >= users) {
                pollsHeldAfter = secondsSince(killed);
            }
            eventIds = victimEvents(mark, expectedType);
            if (Double.isNaN(allArrivedAfter) && eventIds.size() == victims.size()) {
                allArrivedAfter = secondsSince(killed);
            }
            if (!Double.isNaN(leasesTakenAfter) && !Double.isNaN(pollsHeldAfter) && !Double.isNaN(allArrivedAfter)) {
                break;
            }
            Thread.sleep(250);
        }
        // Resends of deliveries the victim had claimed come after the dispatcher's orphan timeout: wait for them too.
        Thread.sleep(15_000);
        eventIds = victimEvents(mark, expectedType);
        int lost = 0;
        int duplicateEvents = 0;
        for (int i : victims) {
            List<String> ids = eventIds.getOrDefault(i, List.of());
            Set<String> distinct = new HashSet<>(ids);
            lost += distinct.isEmpty() ? 1 : 0;
            duplicateEvents += Math.max(0, distinct.size() - 1);
        }
        int duplicateDeliveries = 0;
        Set<String> seen = new HashSet<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            duplicateDeliveries += r.id() != null && !seen.add(r.id()) ? 1 : 0;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("victim", VICTIM);
        r.put("sharesBefore", sharesBefore);
        r.put("victimUsers", victims.size());
        r.put("changesToVictimUsers", victims.size());
        r.put("killedAfterChanges", victims.size() / 2);
        r.put("lastChangeSentSecondsAfterKill", round(wavesEndAfterKill));
        r.put("leasePeriodSeconds", LEASE.toSeconds());
        r.put("secondsUntilSurvivorsHoldAllLeases", nanToText(leasesTakenAfter));
        r.put("secondsUntilSimulatorHoldsEveryPollAgain", nanToText(pollsHeldAfter));
        r.put("secondsUntilEveryChangeArrived", nanToText(allArrivedAfter));
        r.put("sharesAfter", shares());
        r.put("lost", lost);
        r.put("duplicateEvents", duplicateEvents);
        r.put("duplicateDeliveries", duplicateDeliveries);
        System.out.println("Failover: " + r);
        return r;
    }

    /** Event ids of the expected pause event per victim user, from the webhooks received since {@code mark}. */
    private Map<Integer, List<String>> victimEvents(int mark, Map<Integer, String> expectedType) throws IOException {
        List<WebhookReceiver.Received> all = receiver.received();
        Map<Integer, List<String>> ids = new HashMap<>();
        for (WebhookReceiver.Received r : all.subList(mark, all.size())) {
            JsonNode event = JSON.readTree(r.body());
            Integer index = indexOf.get(event.path("userId").asText());
            if (index != null && event.path("type").asText().equals(expectedType.get(index))) {
                ids.computeIfAbsent(index, k -> new ArrayList<>()).add(event.path("id").asText());
            }
        }
        return ids;
    }

    /** Rows and bytes of the tables that grow with events, and bytes per row. */
    private Map<String, Object> tableSizes() throws SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            for (String table : List.of("event", "webhook_delivery", "delivery_attempt", "user_state", "poll_lease")) {
                long rows = count("SELECT count(*) FROM " + table);
                long bytes;
                try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + table + "')")) {
                    rs.next();
                    bytes = rs.getLong(1);
                }
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("rows", rows);
                t.put("totalBytes", bytes);
                t.put("bytesPerRow", rows == 0 ? 0 : Math.round((double) bytes / rows));
                r.put(table, t);
            }
        }
        System.out.println("Table sizes: " + r);
        return r;
    }

    /**
     * What retention costs: every event deleted with the statement the retention worker runs (batches of 1,000, one
     * transaction each; deliveries and attempts go by cascade), timed, with rows and WAL per event deleted.
     */
    private Map<String, Object> purge() throws Exception {
        Snapshot before = Snapshot.take(this);
        long t0 = System.nanoTime();
        long deleted = 0;
        int batch;
        try (Connection c = connect(); PreparedStatement delete = c.prepareStatement(
                "DELETE FROM event WHERE id IN (SELECT id FROM event WHERE created_at < ? ORDER BY id LIMIT ?)")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now()));
            delete.setInt(2, 1000);
            do {
                batch = delete.executeUpdate();
                deleted += batch;
            } while (batch > 0);
        }
        double seconds = secondsSince(t0);
        Thread.sleep(1_500);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("eventsDeleted", deleted);
        r.put("seconds", round(seconds));
        r.put("eventsDeletedPerSecond", round(deleted / seconds));
        r.put("database", Snapshot.take(this).minus(before, deleted));
        System.out.println("Purge: " + r);
        return r;
    }

    /** Counters of the shared database at one moment, to diff across a window. */
    private record Snapshot(long commits, long inserted, long updated, long deleted, long walBytes) {
        static Snapshot take(ReplicasBenchmark b) throws SQLException {
            try (Connection c = b.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = s.executeQuery("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, "
                        + "pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint FROM pg_stat_database WHERE datname = current_database()")) {
                    rs.next();
                    return new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
                }
            }
        }

        /** The difference since {@code before}, per event (or per unit when {@code per} is 1). */
        Map<String, Object> minus(Snapshot before, long per) {
            double n = Math.max(1, per);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("commitsPerEvent", round((commits - before.commits) / n));
            r.put("rowsInsertedPerEvent", round((inserted - before.inserted) / n));
            r.put("rowsUpdatedPerEvent", round((updated - before.updated) / n));
            r.put("rowsDeletedPerEvent", round((deleted - before.deleted) / n));
            r.put("walBytesPerEvent", round((walBytes - before.walBytes) / n));
            return r;
        }
    }

    /** Leases per live replica from the shared table (the replica id is the owner's prefix). */
    private Map<String, Integer> shares() throws SQLException {
        Map<String, Integer> shares = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT locked_by, count(*) FROM poll_lease WHERE locked_until > now() GROUP BY locked_by")) {
            while (rs.next()) {
                shares.merge(replicaOf(rs.getString(1)), rs.getInt(2), Integer::sum);
            }
        }
        return shares;
    }

    private static String replicaOf(String lockedBy) {
        if (lockedBy == null) {
            return "none";
        }
        return NAMES.stream().filter(lockedBy::startsWith).findFirst().orElse(lockedBy);
    }

    private void sampleLeases() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                double t = round(secondsSince(runStart));
                Map<String, Integer> shares = shares();
                synchronized (leaseSeries) {
                    for (String name : NAMES) {
                        if (replicas.containsKey(name)) {
                            leaseSeries.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {t, shares.getOrDefault(name, 0)});
                        }
                    }
                }
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                System.out.println("lease sample failed: " + e.getMessage());
            }
        }
    }

    private void toggle(int i) {
        paused[i] = !paused[i];
        try {
            HttpResponse<Void> r = http.send(EngineBenchmark.change(sessionUrl, i, paused[i]), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the simulator refused a pause change: " + r.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int heldPolls() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_sim/instances/bench/state"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("heldPolls").asInt();
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return database.getPostgresDatabase().getConnection();
    }

    /** CPU ticks of each replica, the simulator and the shared PostgreSQL (postmaster and its server processes). */
    private Map<String, Long> cpuTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (Map.Entry<String, AppProcess> e : replicas.entrySet()) {
            ticks.put(e.getKey(), e.getValue().isAlive() ? ticksOrZero(e.getValue().pid()) : 0);
        }
        ticks.put("simulator", ticksOrZero(simulator.pid()));
        String dir = databaseDir.toString();
        ticks.put("postgresql", ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dir)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .mapToLong(p -> ticksOrZero(p.pid())).sum());
        return ticks;
    }

    private static long ticksOrZero(long pid) {
        try {
            return ProcessCpu.ticks(pid);
        } catch (IOException e) {
            return 0; // exited meanwhile
        }
    }

    private static Map<String, Double> cpuSeconds(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> r = new LinkedHashMap<>();
        after.forEach((k, v) -> r.put(k, round((v - before.getOrDefault(k, 0L)) / (double) ProcessCpu.CLOCK_TICKS_PER_SECOND)));
        return r;
    }

    private void close() {
        for (AppProcess gateway : replicas.values()) {
            gateway.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                System.out.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }

    private static Object nanToText(double seconds) {
        return Double.isNaN(seconds) ? "not within 90 s" : round(seconds);
    }

    @SuppressWarnings("unchecked")
    private static void write(Path dir, Map<String, Object> r, Map<String, List<double[]>> leaseSeries) throws IOException {
        Map<String, Object> single = (Map<String, Object>) r.get("singleBurst");
        Map<String, Object> aggregate = (Map<String, Object>) r.get("aggregateBurst");
        Map<String, Object> singleWarmUp = (Map<String, Object>) r.get("singleBurstWarmUp");
        Map<String, Object> aggregateWarmUp = (Map<String, Object>) r.get("aggregateBurstWarmUp");
        Map<String, Object> spread = (Map<String, Object>) r.get("spread");
        Map<String, Object> idle = (Map<String, Object>) r.get("idle");
        Map<String, Object> failover = (Map<String, Object>) r.get("failover");
        Map<String, Object> sizes = (Map<String, Object>) r.get("tableSizes");
        StringBuilder md = new StringBuilder("# Three gateway replicas on one PostgreSQL\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %s cores (Java %s), load average at start %s, at end %s. Three gateways "
                        + "(`-Xmx384m` each, separate processes on their own loopback ports, `DIALGATE_POLLING_REPLICA_ID` "
                        + "replica-1..3, default 15 s poll lease), one PostgreSQL (embedded binaries, shared by the three), one "
                        + "simulator (`-Xmx512m`, 15 s long-poll hold) with %s monitored users of one tenant, one loopback webhook "
                        + "receiver (204 at once), benchmark client: all on this machine. Reproduce: `bench/run replicas [users] "
                        + "[idle-seconds]`.%n%n", r.get("startedAt"), r.get("cores"), r.get("java"), r.get("loadAverageAtStart"),
                r.get("loadAverageAtEnd"), r.get("users")));
        md.append("| Measure | Result | Target |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| Users per replica, 10 s after every replica held a third within 10 %% | %s (largest "
                        + "deviation from a third: %s %%) | each within 10 %% of a third |%n", spread.get("sharesTenSecondsLater"),
                spread.get("largestDeviationFromAThirdPercent")));
        md.append(String.format(Locale.ROOT, "| Time from the third replica being ready until the three held a third each within 10 %% | %s s | "
                + "(information) |%n", spread.get("secondsUntilWithinTenPercent")));
        md.append(String.format(Locale.ROOT, "| Burst, every user changes at once: events written per second, one replica | %s /s | |%n",
                single.get("eventsPerSecondWritten")));
        md.append(String.format(Locale.ROOT, "| Same burst, three replicas | %s /s | ≥ one replica's |%n",
                aggregate.get("eventsPerSecondWritten")));
        md.append(String.format(Locale.ROOT, "| After `kill -9` of %s (%s users): survivors hold all its leases | %s s | ≤ 15 s (one lease) |%n",
                failover.get("victim"), failover.get("victimUsers"), failover.get("secondsUntilSurvivorsHoldAllLeases")));
        md.append(String.format(Locale.ROOT, "| ... and the simulator holds every user's poll again | %s s | ≤ 15 s |%n",
                failover.get("secondsUntilSimulatorHoldsEveryPollAgain")));
        md.append(String.format(Locale.ROOT, "| Its users' changes sent around the kill (%s, killed after %s): lost | %s | 0 |%n",
                failover.get("changesToVictimUsers"), failover.get("killedAfterChanges"), failover.get("lost")));
        md.append(String.format(Locale.ROOT, "| ... duplicate events / duplicate deliveries (same `webhook-id` twice) | %s / %s | reported |%n",
                failover.get("duplicateEvents"), failover.get("duplicateDeliveries")));
        md.append("\nDetails:\n\n");
        md.append(String.format(Locale.ROOT, "- Warm-up bursts before the measured ones (not measured; the JIT compiles the write "
                        + "path): one replica %s /s, three replicas %s /s; events written per second %s and %s.%n",
                singleWarmUp.get("eventsPerSecondWritten"), aggregateWarmUp.get("eventsPerSecondWritten"),
                singleWarmUp.get("eventsWrittenPerSecond"), aggregateWarmUp.get("eventsWrittenPerSecond")));
        md.append(String.format(Locale.ROOT, "- Registration of %s users through replica-1: %s s. Replicas 2 and 3 started in %s s; "
                + "shares when first within 10 %%: %s.%n", r.get("users"), r.get("registrationSeconds"), r.get("replicasStartedSeconds"),
                spread.get("sharesWhenReached")));
        for (Map.Entry<String, Map<String, Object>> b : List.of(Map.entry("One replica", single), Map.entry("Three replicas", aggregate))) {
            Map<String, Object> v = b.getValue();
            md.append(String.format(Locale.ROOT, "- %s, burst: %s events in %s s, all %s webhooks received after %s s; CPU seconds "
                            + "(writing and delivering) %s; PostgreSQL per event, delivery included: %s.%n", b.getKey(), v.get("eventsWritten"), v.get("eventsWrittenAfterSeconds"),
                    v.get("webhooksReceived"), v.get("allDeliveredAfterSeconds"), v.get("cpuSecondsPerProcess"), v.get("database")));
        }
        md.append(String.format(Locale.ROOT, "- Idle, %s s with nothing changing: PostgreSQL per second %s; CPU %% of one core %s; "
                + "RSS MB %s.%n", idle.get("seconds"), idle.get("databasePerSecond"), idle.get("cpuPercentOfOneCore"), idle.get("rssMb")));
        md.append(String.format(Locale.ROOT, "- Failover: shares before %s, after %s; last change of the wave sent %s s after the "
                        + "kill; every change had arrived %s s after the kill.%n", failover.get("sharesBefore"),
                failover.get("sharesAfter"), failover.get("lastChangeSentSecondsAfterKill"),
                failover.get("secondsUntilEveryChangeArrived")));
        Map<String, Object> purge = (Map<String, Object>) r.get("purge");
        md.append(String.format(Locale.ROOT, "- Retention's delete (the worker's statement, batches of 1,000 with their deliveries and "
                        + "attempts by cascade), all %s events: %s s, %s events/s; PostgreSQL per event deleted: %s.%n",
                purge.get("eventsDeleted"), purge.get("seconds"), purge.get("eventsDeletedPerSecond"), purge.get("database")));
        md.append("- Table sizes before that delete (`pg_total_relation_size`, indexes and TOAST included, after `VACUUM ANALYZE`):\n\n");
        md.append("| Table | Rows | Bytes | Bytes per row |\n|---|---|---|---|\n");
        sizes.forEach((table, v) -> {
            Map<String, Object> t = (Map<String, Object>) v;
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s |%n", table, t.get("rows"), t.get("totalBytes"), t.get("bytesPerRow")));
        });
        md.append("\n");
        for (String name : NAMES) {
            md.append(String.format(Locale.ROOT, "- %s log: ERROR lines %s, OutOfMemoryError %s.%n", name, r.get("logErrors " + name),
                    r.get("outOfMemory " + name)));
        }
        md.append("\n![Users per replica over the run](replicas-leases.png)\n\n![Events written per second in each burst]"
                + "(replicas-burst.png)\n\n![Users per replica after the spread](replicas-shares.png)\n");
        Files.writeString(dir.resolve("replicas.md"), md.toString());
        Map<String, Object> json = new LinkedHashMap<>(r);
        json.put("leasesPerReplicaOverTime", leaseSeries);
        Files.writeString(dir.resolve("replicas.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        System.out.println("Wrote " + dir.resolve("replicas.md"));
        System.out.println(md);
        charts(dir, r, leaseSeries);
    }

    @SuppressWarnings("unchecked")
    private static void charts(Path dir, Map<String, Object> r, Map<String, List<double[]>> leaseSeries) {
        Map<String, Object> failover = (Map<String, Object>) r.get("failover");
        List<double[]> markers = new ArrayList<>();
        if (r.get("killedAtSecond") instanceof Number killedAt) {
            markers.add(new double[] {killedAt.doubleValue(), 0, ((Number) r.get("users")).doubleValue()});
        }
        Charts.lines(dir.resolve("replicas-leases.png"), "Users polled by each replica (" + r.get("users") + " users; "
                        + failover.get("victim") + " killed at the dashed line)", "seconds since the first replica started",
                "poll leases held", leaseSeries, markers);
        Map<String, List<Long>> bursts = new LinkedHashMap<>();
        bursts.put("one replica", (List<Long>) ((Map<String, Object>) r.get("singleBurst")).get("eventsWrittenPerSecond"));
        bursts.put("three replicas", (List<Long>) ((Map<String, Object>) r.get("aggregateBurst")).get("eventsWrittenPerSecond"));
        Charts.perSecond(dir.resolve("replicas-burst.png"), "Events written per second, " + r.get("users")
                + " users changing at once", "events written", bursts);
        Map<String, Integer> shares = (Map<String, Integer>) ((Map<String, Object>) r.get("spread")).get("sharesTenSecondsLater");
        List<Integer> values = NAMES.stream().map(n -> shares.getOrDefault(n, 0)).toList();
        Charts.bars(dir.resolve("replicas-shares.png"), "Users per replica after the spread (a third: "
                + Math.round(((Number) r.get("users")).doubleValue() / NAMES.size()) + ")", "users", NAMES, Map.of("users", values));
    }
}
