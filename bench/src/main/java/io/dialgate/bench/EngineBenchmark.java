package io.dialgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.SimulatorControl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The polling engine end to end: one gateway with a 768 MB heap (by default) long-polls
 * {@code users} simulator users, and a loopback receiver checks every webhook's Standard Webhooks
 * signature. Three measurements:
 * <ol>
 *   <li><b>Capacity</b>: all users held (the simulator holds one {@code appPullData} per user), and the
 *       gateway's CPU while nothing changes, from {@code /proc/<pid>/stat} utime+stime;</li>
 *   <li><b>Latency</b>: {@code latencyUsers} users make {@code rate} pause changes per second in all
 *       (open loop, sent straight to the simulator's Daktela API); latency is from just before the
 *       change request is sent until the signed webhook for it arrives;</li>
 *   <li><b>Deliveries per second</b>: every user changes pause at once; arrivals counted per second at a
 *       receiver answering 204 at once, first live (ingestion and delivery together), then as a backlog
 *       drained after the receiver was held closed while the events were written.</li>
 * </ol>
 * Writes {@code bench/results/engine.md} and a JSON twin.
 *
 * <p>Usage: {@code bench/run engine [users] [latency-users] [changes-per-second] [latency-seconds] [idle-seconds]};
 * {@code -Ddialgate.bench.jfr=true} records a JFR file of the gateway in its work directory;
 * {@code -Ddialgate.bench.warm-up-seconds} sets each latency scenario's warm-up (default 60).
 */
public final class EngineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "bench-operator-token-of-at-least-32-chars";
    private static final String PAUSE = "break";
    /**
     * The receiver answers at once, so its endpoint allows the most attempts in flight an endpoint may have: the
     * default (16) is there to keep a slow endpoint from taking every connection, and would measure the cap.
     */
    static final int MAX_IN_FLIGHT = 256;
    /** The gateway's heap: 768 MB holds 18,000 users with room for a burst of all of them (-Ddialgate.bench.gateway-heap). */
    static final String GATEWAY_HEAP = System.getProperty("dialgate.bench.gateway-heap", "768m");

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int latencyUsers = Math.min(users, args.length > 1 ? Integer.parseInt(args[1]) : 1_000);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int idleSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        Path results = Path.of(System.getProperty("dialgate.bench.results", "bench/results"));
        Files.createDirectories(results);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        report.put("loadAverageAtStart", loadAverage());
        report.put("users", users);
        report.put("latencyWarmUpSeconds", warmUpSeconds());

        List<String> gatewayJvm = new ArrayList<>(List.of("-Xmx" + GATEWAY_HEAP));
        // More options for the gateway's JVM, e.g. a garbage collector to compare (-Ddialgate.bench.gateway-jvm="-XX:+UseZGC").
        String moreJvm = System.getProperty("dialgate.bench.gateway-jvm", "").strip();
        if (!moreJvm.isEmpty()) {
            gatewayJvm.addAll(List.of(moreJvm.split("\\s+")));
        }
        if (Boolean.getBoolean("dialgate.bench.jfr")) {
            gatewayJvm.add("-XX:StartFlightRecording=filename=gateway.jfr,settings=profile,dumponexit=true");
        }
        try (Receiver receiver = Receiver.start()) {
            // Part A: all users held, idle CPU, latency with all of them held, bursts of every user at once.
            try (Stack a = Stack.start(users, gatewayJvm, receiver, report, "A")) {
                measureCapacity(a, idleSeconds, report);
                runLatency("warm-up", a, receiver, latencyUsers, rate, warmUpSeconds());
                Thread.sleep(2_000);
                report.put("latencyAllHeld", runLatency("measured, all users held", a, receiver, latencyUsers, rate, latencySeconds));
                if (Boolean.getBoolean("dialgate.bench.latency-only")) {
                    // A look at one figure while working on it: nothing is written to the results.
                    return;
                }
                Thread.sleep(3_000);
                report.put("burstLive", burst("live", a, receiver, false));
                Thread.sleep(3_000);
                report.put("burstBacklog", burst("backlog", a, receiver, true));
                finish(a, "A", report);
            }
            // Part B: the latency scenario as stated, a fresh gateway holding only the users that change.
            try (Stack b = Stack.start(latencyUsers, gatewayJvm, receiver, report, "B")) {
                Thread.sleep(5_000);
                runLatency("warm-up", b, receiver, latencyUsers, rate, warmUpSeconds());
                Thread.sleep(2_000);
                report.put("latency", runLatency("measured", b, receiver, latencyUsers, rate, latencySeconds));
                finish(b, "B", report);
            }
            report.put("invalidSignatures", receiver.invalid.get());
            report.put("duplicates", receiver.duplicates.get());
            report.put("receivedTotal", receiver.total.get());
            report.put("loadAverageAtEnd", loadAverage());
            write(results, report);
        }
    }

    /** A simulator and a gateway with {@code users} monitored users of one tenant, and a webhook endpoint at the receiver. */
    record Stack(AppProcess simulator, AppProcess gateway, HttpClient http, String sessionUrl, String[] userIds, boolean[] paused,
            String apiKey)
            implements AutoCloseable {

        static Stack start(int users, List<String> gatewayJvm, Receiver receiver, Map<String, Object> report, String part)
                throws Exception {
            Map<String, String> gatewayEnv = Map.of(
                    "DIALGATE_ADMIN_TOKEN", ADMIN,
                    "DIALGATE_CRYPTO_KEYS", "bench:" + Base64.getEncoder().encodeToString(new byte[32]),
                    "DIALGATE_WEBHOOK_ALLOW_PRIVATE_URLS", "true",
                    "DIALGATE_RATE_LIMIT_REQUESTS_PER_SECOND", "1000000",
                    "DIALGATE_RATE_LIMIT_BURST", "1000000",
                    // Only the backlog burst's held requests come near it (default 15 s).
                    "DIALGATE_WEBHOOK_TIMEOUT", "60s",
                    "DIALGATE_POLLING_MAX_USERS_PER_REPLICA", Integer.toString(users + 1000),
                    "DIALGATE_POLLING_LONG_POLL_POOL_SIZE", Integer.toString(users + 1000));
            AppProcess simulator = AppProcess.simulator(Map.of("SIMULATOR_SEED", "none"), List.of("-Xmx1g"));
            AppProcess gateway;
            try {
                gateway = AppProcess.gateway(gatewayEnv, gatewayJvm);
            } catch (RuntimeException e) {
                simulator.close();
                throw e;
            }
            Stack stack = new Stack(simulator, gateway, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build(), null, new String[users], new boolean[users], null);
            try {
                return stack.setUp(receiver, report, part);
            } catch (Exception | Error e) {
                stack.close();
                throw e;
            }
        }

        private Stack setUp(Receiver receiver, Map<String, Object> report, String part) throws Exception {
            int users = userIds.length;
            System.out.println("Part " + part + ": gateway pid " + gateway.pid() + ", log " + gateway.log());
            SimulatorControl pbx = SimulatorControl.instance(simulator.baseUrl(), "bench");
            pbx.addQueue("1000", "in");
            pbx.addPause(PAUSE, "dnd", false);
            long t0 = System.nanoTime();
            parallel(users, 16, i -> pbx.addUser(login(i), "pw", token(i), List.of()));
            System.out.printf(Locale.ROOT, "Simulator: %d users added in %.1f s%n", users, secondsSince(t0));
            String apiKey = post(http, gateway.baseUrl() + "/admin/tenants", ADMIN, "{\"name\":\"bench\"}").path("apiKey").asText();
            String hostId = post(http, gateway.baseUrl() + "/v1/pbx-hosts", apiKey,
                    "{\"name\":\"sim\",\"baseUrl\":\"" + pbx.pbxUrl() + "\"}").path("id").asText();
            receiver.secret = post(http, gateway.baseUrl() + "/v1/webhooks", apiKey,
                    "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[],\"description\":\"bench\",\"maxInFlight\":"
                            + MAX_IN_FLIGHT + "}").path("secret").asText();
            HeldMemory memory = HeldMemory.start(gateway, () -> heldPolls(http, simulator));
            t0 = System.nanoTime();
            parallel(users, 32, i -> userIds[i] = post(http, gateway.baseUrl() + "/v1/users", apiKey, "{\"pbxHostId\":\"" + hostId
                    + "\",\"login\":\"" + login(i) + "\",\"accessToken\":\"" + token(i) + "\",\"monitored\":true}").path("id").asText());
            double registration = secondsSince(t0);
            System.out.printf(Locale.ROOT, "Gateway: %d users registered in %.1f s (%.0f/s)%n", users, registration, users / registration);
            report.put("registrationSeconds" + part, round(registration));
            Map<String, Integer> indexOf = new ConcurrentHashMap<>();
            for (int i = 0; i < users; i++) {
                indexOf.put(userIds[i], i);
            }
            receiver.indexOf = indexOf;
            t0 = System.nanoTime();
            int held = awaitHeld(http, simulator, users, Duration.ofMinutes(5));
            double heldAfter = secondsSince(t0);
            System.out.printf(Locale.ROOT, "Held polls: %d of %d, %.1f s after registration%n", held, users, heldAfter);
            report.put("usersHeld" + part, held);
            report.put("secondsUntilAllHeld" + part, round(heldAfter));
            report.put("heldAgainstMemory" + part, memory.stop());
            return new Stack(simulator, gateway, http, pbx.pbxUrl() + "/api/v6/usersSession.json", userIds, paused, apiKey);
        }

        int users() {
            return userIds.length;
        }

        @Override
        public void close() {
            try {
                gateway.close();
            } finally {
                simulator.close();
            }
        }
    }

    private static void measureCapacity(Stack a, int idleSeconds, Map<String, Object> report) throws Exception {
        AppProcess gateway = a.gateway();
        AppProcess simulator = a.simulator();
        HttpClient http = a.http();
        Thread.sleep(5_000); // let the start-up burst settle
        CpuShares cpu = CpuShares.start(gateway, simulator);
        long events0 = metric(http, gateway, "dialgate_events_total");
        Thread.sleep(idleSeconds * 1000L);
        Map<String, Object> idle = cpu.stop(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> idlePercent = (Map<String, Object>) idle.get("percentOfOneCore");
        int heldAtEnd = heldPolls(http, simulator);
        long idleEvents = metric(http, gateway, "dialgate_events_total") - events0;
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("usersHeld", report.get("usersHeldA"));
        capacity.put("heldPollsAtEndOfIdleWindow", heldAtEnd);
        capacity.put("secondsUntilAllHeld", report.get("secondsUntilAllHeldA"));
        capacity.put("idleWindowSeconds", idle.get("windowSeconds"));
        capacity.put("gatewayIdleCpuPercentOfOneCore", idlePercent.get("gateway"));
        capacity.put("databaseIdleCpuPercentOfOneCore", idlePercent.get("database"));
        capacity.put("simulatorIdleCpuPercentOfOneCore", idlePercent.get("simulator"));
        capacity.put("eventsDuringIdleWindow", idleEvents);
        capacity.put("gatewayRssMb", rssMb(gateway.pid()));
        capacity.put("gatewayHeap", heapInfo(gateway.pid()));
        capacity.put("gatewayAlive", gateway.isAlive());
        report.put("capacity", capacity);
        System.out.println("Capacity: " + capacity);
    }

    static void finish(Stack s, String part, Map<String, Object> report) throws IOException {
        report.put("gatewayAliveAtEnd" + part, s.gateway().isAlive());
        report.put("gatewayRssMbAtEnd" + part, rssMb(s.gateway().pid()));
        report.put("gatewayLogErrors" + part, countLogLines(s.gateway().log(), "ERROR"));
        report.put("gatewayOutOfMemory" + part, countLogLines(s.gateway().log(), "OutOfMemoryError"));
    }

    /**
     * The same changes at the same rate before each latency measurement, unmeasured. A fresh gateway's JIT compiler
     * took more of the two cores than its request threads for the whole of a 10 s warm-up and the 30 s after it (a
     * JFR recording of a 1,000-user run), so the measurement saw compilation, not the steady state.
     */
    private static int warmUpSeconds() {
        return Integer.getInteger("dialgate.bench.warm-up-seconds", 60);
    }

    /** Open loop: one change every 1/rate s, round-robin over the first {@code n} users; latency matched at the receiver. */
    static Map<String, Object> runLatency(String name, Stack stack, Receiver receiver, int n, int rate, int seconds)
            throws Exception {
        HttpClient http = stack.http();
        String sessionUrl = stack.sessionUrl();
        boolean[] paused = stack.paused();
        receiver.resetLatencies();
        CpuShares cpu = CpuShares.start(stack.gateway(), stack.simulator());
        int total = rate * seconds;
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        ticker.scheduleAtFixedRate(() -> {
            int k = sent.getAndIncrement();
            if (k >= total) {
                done.countDown();
                return;
            }
            int i = k % n;
            paused[i] = !paused[i];
            receiver.expect(i, System.nanoTime());
            http.sendAsync(change(sessionUrl, i, paused[i]), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        if (e != null || r.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        done.await();
        ticker.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (receiver.latencyCount() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long[] sorted = receiver.latencies();
        Map<String, Object> cpuShares = cpu.stop(sorted.length);
        Arrays.sort(sorted);
        if (Boolean.getBoolean("dialgate.bench.timeline")) {
            System.out.print(receiver.timelineBySecond());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("users", n);
        r.put("usersHeld", stack.users());
        r.put("changesPerSecond", rate);
        r.put("seconds", seconds);
        r.put("changes", total);
        r.put("changeRequestsFailed", failed.get());
        r.put("webhooksMatched", sorted.length);
        r.put("p50Ms", pct(sorted, 50));
        r.put("p90Ms", pct(sorted, 90));
        r.put("p99Ms", pct(sorted, 99));
        r.put("maxMs", sorted.length == 0 ? Double.NaN : round(sorted[sorted.length - 1] / 1e6));
        r.put("percentileCurveMs", Charts.curve(sorted));
        r.put("cpu", cpuShares);
        System.out.println("Latency " + name + ": " + r);
        return r;
    }

    /**
     * Every user toggles its pause at once (the simulator changes them all in two control requests). Live: the receiver answers
     * throughout. Backlog: the receiver holds its answers until the gateway has written every event, then
     * the backlog drains; deliveries/s are counted from the opening.
     */
    private static Map<String, Object> burst(String name, Stack stack, Receiver receiver, boolean backlog) throws Exception {
        HttpClient http = stack.http();
        AppProcess gateway = stack.gateway();
        boolean[] paused = stack.paused();
        int users = stack.users();
        long events0 = metric(http, gateway, "dialgate_events_total");
        int received0 = receiver.total.get();
        if (backlog) {
            receiver.hold();
        }
        receiver.startBuckets();
        receiver.startLags();
        String loadBefore = loadAverage();
        CpuShares cpu = CpuShares.start(gateway, stack.simulator());
        long t0 = System.nanoTime();
        toggleAllAtOnce(SimulatorControl.instance(stack.simulator().baseUrl(), "bench"), paused);
        double sendSeconds = secondsSince(t0);
        // Wait until the gateway has written every event (at most 45 s: the held webhook requests time out after 60 s).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(backlog ? 45 : 120);
        long events = 0;
        while (System.nanoTime() < deadline) {
            events = metric(http, gateway, "dialgate_events_total") - events0;
            if (events >= users) {
                break;
            }
            Thread.sleep(100);
        }
        double ingestSeconds = secondsSince(t0);
        long opened = System.nanoTime();
        if (backlog) {
            receiver.release();
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (receiver.total.get() - received0 < users && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int delivered = receiver.total.get() - received0;
        Map<String, Object> cpuShares = cpu.stop(events);
        long from = backlog ? opened : receiver.firstArrival();
        double span = (receiver.lastArrival() - from) / 1e9;
        long[] lags = receiver.stopLags();
        double writtenSpan = receiver.writtenSpanSeconds();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("loadAverageBefore", loadBefore);
        r.put("loadAverageAfter", loadAverage());
        r.put("changes", users);
        r.put("changeSendSeconds", round(sendSeconds));
        r.put("eventsWritten", events);
        r.put("eventsWrittenAfterSeconds", round(ingestSeconds));
        r.put("eventsPerSecondWritten", round(events / ingestSeconds));
        r.put("delivered", delivered);
        r.put("deliverySpanSeconds", round(span));
        r.put("deliveriesPerSecond", round(delivered / span));
        r.put("peakDeliveriesInOneSecond", receiver.peakBucket());
        r.put("deliveriesPerSecondSeries", receiver.perSecond());
        // The events' own times: the rate at which they were written once the first was, independent of how long
        // the benchmark took to send the changes or to notice the last event in the metrics.
        r.put("eventsWrittenSpanSeconds", round(writtenSpan));
        r.put("eventsPerSecondWhileWriting", round(lags.length / writtenSpan));
        r.put("eventToWebhookP50Ms", pct(lags, 50));
        r.put("eventToWebhookP99Ms", pct(lags, 99));
        r.put("eventToWebhookMaxMs", lags.length == 0 ? Double.NaN : round(lags[lags.length - 1] / 1e6));
        r.put("webhooksLaterThanOneSecond", Arrays.stream(lags).filter(l -> l > 1_000_000_000L).count());
        r.put("cpu", cpuShares);
        System.out.println("Burst " + name + ": " + r);
        return r;
    }

    /**
     * Flips every user's pause at the same moment, as a supervisor pausing a whole floor would: at most two requests to
     * the simulator's control API (those to pause, those to unpause). One usersSession request per user capped the
     * burst at the rate this process could send them (about 900 a second here), below what the gateway writes.
     */
    static void toggleAllAtOnce(SimulatorControl pbx, boolean[] paused) {
        List<String> toPause = new ArrayList<>();
        List<String> toUnpause = new ArrayList<>();
        for (int i = 0; i < paused.length; i++) {
            paused[i] = !paused[i];
            (paused[i] ? toPause : toUnpause).add(login(i));
        }
        if (!toPause.isEmpty()) {
            pbx.setPause(toPause, PAUSE);
        }
        if (!toUnpause.isEmpty()) {
            pbx.setPause(toUnpause, null);
        }
    }

    static HttpRequest change(String sessionUrl, int i, boolean pause) {
        return HttpRequest.newBuilder(URI.create(sessionUrl)).header("X-Auth-Token", token(i))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(pause ? "{\"pause\":\"" + PAUSE + "\"}" : "{\"pause\":null}")).build();
    }

    /** The PBX login of the i-th benchmark user (the replicas benchmark seeds the same users). */
    static String login(int i) {
        return String.format(Locale.ROOT, "u%05d", i);
    }

    static String token(int i) {
        return "bench-token-" + i;
    }

    private static int awaitHeld(HttpClient http, AppProcess simulator, int users, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int held = 0;
        while (System.nanoTime() < deadline) {
            held = heldPolls(http, simulator);
            if (held >= users) {
                return held;
            }
            Thread.sleep(1_000);
        }
        return held;
    }

    private static int heldPolls(HttpClient http, AppProcess simulator) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_sim/instances/bench/state"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("heldPolls").asInt();
    }

    static long metric(HttpClient http, AppProcess gateway, String name) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static String heapInfo(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().filter(l -> l.contains("total") && l.contains("used")).findFirst().orElse("?").trim();
        } catch (Exception e) {
            return "unavailable: " + e.getMessage();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static long countLogLines(Path log, String needle) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(needle)).count();
        } catch (Exception e) {
            return -1;
        }
    }

    static void parallel(int n, int threads, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> task.accept(k)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static JsonNode post(HttpClient http, String url, String bearer, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return round(sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6);
    }

    @SuppressWarnings("unchecked")
    private static void write(Path dir, Map<String, Object> r) throws Exception {
        Map<String, Object> cap = (Map<String, Object>) r.get("capacity");
        Map<String, Object> lat = (Map<String, Object>) r.get("latency");
        Map<String, Object> latAll = (Map<String, Object>) r.get("latencyAllHeld");
        Map<String, Object> live = (Map<String, Object>) r.get("burstLive");
        Map<String, Object> backlog = (Map<String, Object>) r.get("burstBacklog");
        StringBuilder md = new StringBuilder("# Polling engine: capacity, change-to-webhook latency, deliveries per second\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %s cores (Java %s), load average at start %s, at end %s. Each part runs one "
                        + "gateway (`-Xmx" + GATEWAY_HEAP + "`, embedded PostgreSQL, defaults but rate limit, private URLs, poll capacity and a 60 s webhook timeout; the receiver's endpoint allows "
                        + MAX_IN_FLIGHT + " attempts in flight), one simulator (`-Xmx1g`, 15 s long-poll hold), benchmark client and "
                        + "webhook receiver (JDK HttpServer, 204 at once, every signature checked) on the same machine, loopback "
                        + "HTTP/1.1.%n%n", r.get("startedAt"), r.get("cores"), r.get("java"), r.get("loadAverageAtStart"),
                r.get("loadAverageAtEnd")));
        md.append("Part A holds every user: capacity, idle CPU, deliveries per second and the latency scenario with all "
                + "users held. Part B is the latency scenario as stated: a fresh gateway holding the 1,000 "
                + "users that change. Each latency measurement follows " + r.get("latencyWarmUpSeconds") + " s of the same "
                + "changes, unmeasured, so that the gateway's JIT compiler has done most of its work.\n\n");
        md.append("| Measure | Result | Target |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| Monitored users held (simulator's held polls) | %s of %s (%s at end of idle window) | ≥ 18,000 |%n",
                cap.get("usersHeld"), r.get("users"), cap.get("heldPollsAtEndOfIdleWindow")));
        md.append(String.format(Locale.ROOT, "| Gateway idle CPU, all users held (%% of one core, %s s window) | %s %% | reported |%n",
                cap.get("idleWindowSeconds"), cap.get("gatewayIdleCpuPercentOfOneCore")));
        md.append(String.format(Locale.ROOT, "| Change-to-webhook latency p50 / p90 / p99 / max (B: %s users held, %s changes/s, %s s) | "
                        + "%s / %s / %s / %s ms | p99 < 50 ms |%n", lat.get("usersHeld"), lat.get("changesPerSecond"), lat.get("seconds"),
                lat.get("p50Ms"), lat.get("p90Ms"), lat.get("p99Ms"), lat.get("maxMs")));
        md.append(String.format(Locale.ROOT, "| Same, with all %s users held (A; %s of them change) | "
                        + "%s / %s / %s / %s ms | p99 < 50 ms |%n", latAll.get("usersHeld"), latAll.get("users"),
                latAll.get("p50Ms"), latAll.get("p90Ms"), latAll.get("p99Ms"), latAll.get("maxMs")));
        md.append(String.format(Locale.ROOT, "| Webhook deliveries/s, backlog drained (A: %s deliveries; peak 1 s: %s) | %s /s | ≥ 4,000 /s |%n",
                backlog.get("delivered"), backlog.get("peakDeliveriesInOneSecond"), backlog.get("deliveriesPerSecond")));
        md.append(String.format(Locale.ROOT, "| Webhook deliveries/s, live burst (A: %s changes at once; peak 1 s: %s) | %s /s | |%n",
                live.get("changes"), live.get("peakDeliveriesInOneSecond"), live.get("deliveriesPerSecond")));
        md.append(String.format(Locale.ROOT, "| Events written/s, live burst (first to last event's `occurredAt`, %s s; %s /s from the first change sent) | %s /s | ≥ 3,000 /s |%n",
                live.get("eventsWrittenSpanSeconds"), live.get("eventsPerSecondWritten"), live.get("eventsPerSecondWhileWriting")));
        md.append(String.format(Locale.ROOT, "| Event to webhook, live burst, p50 / p99 / max (from `occurredAt`, at or before the commit; %s later than 1 s) | %s / %s / %s ms | each ≤ 1 s |%n",
                live.get("webhooksLaterThanOneSecond"), live.get("eventToWebhookP50Ms"), live.get("eventToWebhookP99Ms"),
                live.get("eventToWebhookMaxMs")));
        md.append("\nDetails:\n\n");
        md.append(String.format(Locale.ROOT, "- Registration of %s users (32 concurrent `POST /v1/users`): %s s; all polls held %s s later.%n",
                r.get("users"), r.get("registrationSecondsA"), cap.get("secondsUntilAllHeld")));
        md.append(String.format(Locale.ROOT, "- Idle: the gateway's embedded PostgreSQL (postmaster and server processes) %s %% of "
                + "one core; ", cap.get("databaseIdleCpuPercentOfOneCore")));
        md.append(String.format(Locale.ROOT, "simulator CPU %s %% of one core; gateway RSS %s MB; heap %s; events during the idle window: %s.%n",
                cap.get("simulatorIdleCpuPercentOfOneCore"), cap.get("gatewayRssMb"), cap.get("gatewayHeap"),
                cap.get("eventsDuringIdleWindow")));
        md.append(String.format(Locale.ROOT, "- Latency (B): %s changes, %s webhooks matched, %s change requests failed; "
                        + "with all users held (A): %s changes, %s matched.%n", lat.get("changes"), lat.get("webhooksMatched"),
                lat.get("changeRequestsFailed"), latAll.get("changes"), latAll.get("webhooksMatched")));
        md.append(String.format(Locale.ROOT, "- Live burst: %s changes made by the simulator (two control requests, `sessions/pause`) in %s s; events written at %s /s counted from the first "
                        + "change sent (all %s after %s s), %s /s between the first and the last event; delivered %s in %s s. "
                        + "Load average before it %s, after it %s.%n",
                live.get("changes"), live.get("changeSendSeconds"), live.get("eventsPerSecondWritten"), live.get("eventsWritten"),
                live.get("eventsWrittenAfterSeconds"), live.get("eventsPerSecondWhileWriting"), live.get("delivered"),
                live.get("deliverySpanSeconds"), live.get("loadAverageBefore"), live.get("loadAverageAfter")));
        md.append(String.format(Locale.ROOT, "- Backlog burst (made the same way): %s events written in %s s while the receiver held its answers, then "
                        + "%s delivered in %s s after it opened.%n", backlog.get("eventsWritten"), backlog.get("eventsWrittenAfterSeconds"),
                backlog.get("delivered"), backlog.get("deliverySpanSeconds")));
        md.append(String.format(Locale.ROOT, "- Receiver: %s webhooks, %s invalid signatures, %s duplicates (same `webhook-id` "
                        + "twice: at-least-once resends).%n", r.get("receivedTotal"), r.get("invalidSignatures"), r.get("duplicates")));
        md.append("- CPU, latency with all users held (A): " + CpuShares.describe((Map<String, Object>) latAll.get("cpu"), "change")
                + ".\n");
        md.append("- CPU, latency (B): " + CpuShares.describe((Map<String, Object>) lat.get("cpu"), "change") + ".\n");
        md.append("- CPU, live burst (from the changes to the last webhook): "
                + CpuShares.describe((Map<String, Object>) live.get("cpu"), "event") + ".\n");
        md.append("- CPU, backlog burst (writing while the receiver holds, then the drain): "
                + CpuShares.describe((Map<String, Object>) backlog.get("cpu"), "event") + ".\n");
        for (String part : List.of("A", "B")) {
            md.append(String.format(Locale.ROOT, "- Gateway %s at end: alive %s, RSS %s MB, ERROR log lines %s, OutOfMemoryError %s.%n",
                    part, r.get("gatewayAliveAtEnd" + part), r.get("gatewayRssMbAtEnd" + part), r.get("gatewayLogErrors" + part),
                    r.get("gatewayOutOfMemory" + part)));
        }
        md.append(BenchCharts.engine(dir, r));
        Files.writeString(dir.resolve("engine.md"), md.toString());
        Files.writeString(dir.resolve("engine.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        System.out.println("Wrote " + dir.resolve("engine.md"));
        System.out.println(md);
    }

    /** A fast loopback webhook receiver: answers 204 at once, checks every signature, matches pause events to sent changes. */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        volatile String secret;
        volatile Map<String, Integer> indexOf = Map.of();
        final AtomicInteger total = new AtomicInteger();
        final AtomicInteger invalid = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger slowInFlight = new AtomicInteger();
        final AtomicInteger slowMaxInFlight = new AtomicInteger();
        final AtomicInteger slowAnswered = new AtomicInteger();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final Map<Integer, Long> expected = new ConcurrentHashMap<>();
        private final List<Long> latencies = new ArrayList<>();
        /** Per matched change: when it was sent (wall clock), and when its event says it was recorded. */
        private final Map<Integer, Instant> expectedWall = new ConcurrentHashMap<>();
        private final List<long[]> timeline = new ArrayList<>();
        private volatile CountDownLatch gate;
        private volatile long bucketStart;
        private volatile AtomicLongArray buckets = new AtomicLongArray(1);
        private volatile long firstArrival;
        private volatile long lastArrival;
        // Event-to-webhook lag: from each event's occurredAt (taken as its answer's transaction starts, so at or
        // before its commit) until its webhook arrives; and the span over which the events were written.
        private volatile boolean lagging;
        private final List<Long> lags = new ArrayList<>();
        private Instant firstOccurred;
        private Instant lastOccurred;

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
            Receiver receiver = new Receiver(server);
            // A receiver that answers after 20 s, on the same host and port, for the isolation benchmark.
            server.createContext("/slow", exchange -> {
                exchange.getRequestBody().readAllBytes();
                int now = receiver.slowInFlight.incrementAndGet();
                receiver.slowMaxInFlight.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    receiver.slowInFlight.decrementAndGet();
                }
                receiver.slowAnswered.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                CountDownLatch g = receiver.gate;
                if (g != null) {
                    try {
                        g.await(55, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                receiver.onWebhook(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(600, r -> {
                Thread t = new Thread(r, "receiver");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        String slowUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
        }

        private void onWebhook(String id, String timestamp, String signature, byte[] body) {
            long now = System.nanoTime();
            Instant arrived = Instant.now();
            if (!verify(id, timestamp, signature, body)) {
                invalid.incrementAndGet();
            }
            if (id != null && !seen.add(id)) {
                duplicates.incrementAndGet();
            }
            total.incrementAndGet();
            if (firstArrival == 0) {
                firstArrival = now;
            }
            lastArrival = now;
            int second = (int) ((now - bucketStart) / 1_000_000_000L);
            AtomicLongArray b = buckets;
            if (second >= 0 && second < b.length()) {
                b.incrementAndGet(second);
            }
            try {
                JsonNode event = JSON.readTree(body);
                if (lagging) {
                    Instant occurred = Instant.parse(event.path("occurredAt").asText());
                    long lagMicros = ChronoUnit.MICROS.between(occurred, arrived);
                    synchronized (lags) {
                        lags.add(lagMicros);
                        firstOccurred = firstOccurred == null || occurred.isBefore(firstOccurred) ? occurred : firstOccurred;
                        lastOccurred = lastOccurred == null || occurred.isAfter(lastOccurred) ? occurred : lastOccurred;
                    }
                }
                if (event.path("type").asText().startsWith("pause.")) {
                    Integer index = indexOf.get(event.path("userId").asText());
                    Long sent = index == null ? null : expected.remove(index);
                    Instant sentWall = index == null ? null : expectedWall.remove(index);
                    if (sent != null) {
                        synchronized (latencies) {
                            latencies.add(now - sent);
                            if (sentWall != null) {
                                Instant occurred = Instant.parse(event.path("occurredAt").asText());
                                timeline.add(new long[] {sentWall.toEpochMilli(), ChronoUnit.MILLIS.between(sentWall, occurred),
                                        (now - sent) / 1_000_000});
                            }
                        }
                    }
                }
            } catch (IOException e) {
                invalid.incrementAndGet();
            }
        }

        private boolean verify(String id, String timestamp, String signature, byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
                mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                byte[] want = Base64.getEncoder().encode(mac.doFinal(body));
                for (String s : signature.split(" ")) {
                    if (s.startsWith("v1,") && MessageDigest.isEqual(want, s.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                        return Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) <= 300;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        }

        void expect(int userIndex, long sentNanos) {
            expectedWall.put(userIndex, Instant.now());
            expected.put(userIndex, sentNanos);
        }

        void resetLatencies() {
            expected.clear();
            expectedWall.clear();
            synchronized (latencies) {
                latencies.clear();
                timeline.clear();
            }
        }

        /**
         * Where the latency of the last scenario went, per second in which changes were sent: the slowest change
         * to its event's recording ({@code occurredAt}: the simulator's wake-up, the poll answer, the wait for a
         * batch) and the slowest change to its webhook. A stall that recurs with the supervision pass or the
         * lease renewals shows here as a period.
         */
        String timelineBySecond() {
            List<long[]> rows;
            synchronized (latencies) {
                rows = new ArrayList<>(timeline);
            }
            if (rows.isEmpty()) {
                return "";
            }
            long start = rows.stream().mapToLong(r -> r[0]).min().orElse(0);
            java.util.TreeMap<Long, long[]> bySecond = new java.util.TreeMap<>();
            for (long[] r : rows) {
                long[] b = bySecond.computeIfAbsent((r[0] - start) / 1000, k -> new long[3]);
                b[0] = Math.max(b[0], r[1]);
                b[1] = Math.max(b[1], r[2]);
                b[2]++;
            }
            StringBuilder out = new StringBuilder("second: max to recording / max to webhook ms (changes)\n");
            bySecond.forEach((second, b) -> out.append(String.format(Locale.ROOT, "%3d: %5d / %5d (%d)%n", second, b[0], b[1], b[2])));
            return out.toString();
        }

        int latencyCount() {
            synchronized (latencies) {
                return latencies.size();
            }
        }

        long[] latencies() {
            synchronized (latencies) {
                return latencies.stream().mapToLong(Long::longValue).toArray();
            }
        }

        void startBuckets() {
            firstArrival = 0;
            lastArrival = 0;
            buckets = new AtomicLongArray(600);
            bucketStart = System.nanoTime();
        }

        long peakBucket() {
            long peak = 0;
            AtomicLongArray b = buckets;
            for (int i = 0; i < b.length(); i++) {
                peak = Math.max(peak, b.get(i));
            }
            return peak;
        }

        /** Webhooks received in each second since the burst began, up to the last second that had any. */
        List<Long> perSecond() {
            AtomicLongArray b = buckets;
            int last = b.length() - 1;
            while (last >= 0 && b.get(last) == 0) {
                last--;
            }
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i <= last; i++) {
                counts.add(b.get(i));
            }
            return counts;
        }

        long firstArrival() {
            return firstArrival;
        }

        long lastArrival() {
            return lastArrival;
        }

        void startLags() {
            synchronized (lags) {
                lags.clear();
                firstOccurred = null;
                lastOccurred = null;
            }
            lagging = true;
        }

        /** Stops recording; the lags in nanoseconds (of microsecond precision), sorted. */
        long[] stopLags() {
            lagging = false;
            synchronized (lags) {
                long[] sorted = lags.stream().mapToLong(l -> l * 1000).toArray();
                Arrays.sort(sorted);
                return sorted;
            }
        }

        /** Seconds from the first to the last event's occurredAt among the lags recorded. */
        double writtenSpanSeconds() {
            synchronized (lags) {
                return firstOccurred == null ? Double.NaN : ChronoUnit.MICROS.between(firstOccurred, lastOccurred) / 1e6;
            }
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch g = gate;
            gate = null;
            if (g != null) {
                g.countDown();
            }
        }

        @Override
        public void close() {
            release();
            server.stop(0);
        }
    }
}
