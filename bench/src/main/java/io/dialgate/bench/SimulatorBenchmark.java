package io.dialgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.SimulatorControl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator benchmark: how many {@code appPullData} long polls one simulator with a
 * 256 MB heap holds, how fast a state change wakes a held poll, and {@code usersSession.json}
 * throughput side by side with WireMock standalone serving the same answer as a static stub.
 * Writes {@code bench/results/simulator.md} (quoted in the README) and a JSON twin.
 *
 * <p>The load generator is one Vert.x HTTP/1.1 client on two event loops: one connection per
 * in-flight request, no thread per request, so it can hold as many polls as it has file
 * descriptors.
 *
 * <p>Usage: {@code bench/run simulator [seconds-per-level] [max-held-polls] [wake-up-samples]}.
 */
public final class SimulatorBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "127.0.0.1";
    private static final String INSTANCE = "bench";
    private static final int USERS = 1000;
    private static final int BATCH = 1000;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final Map<String, Object> report = new LinkedHashMap<>();
    private AppProcess simulator;
    private String api;
    private final String[] tokens = new String[USERS];
    private final String[] hashes = new String[USERS];
    private final boolean[] paused = new boolean[USERS];
    @SuppressWarnings("unchecked")
    private final List<Future<Reply>>[] held = new List[USERS];

    record Reply(int status, Buffer body, long nanos) {
    }

    record Throughput(String server, int concurrency, int requests, int errors, double seconds, double p50, double p90,
            double p99, double serverCpuMsPerRequest, double otherProcessesCpuCores) {
        double perSecond() {
            return requests / seconds;
        }
    }

    record WakeUp(String phase, int heldPolls, int pollsPerUser, int samples, double p50, double p90, double p99,
            double max, double changeAnsweredP50) {
    }

    record Memory(String when, int heldPolls, long heapUsedAfterGcKb, long heapCommittedKb, long rssKb, int openFds) {
    }

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long fdLimit = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        // One descriptor per held connection on our side; keep a margin for jars, pipes and the throughput clients.
        int maxHeld = args.length > 1 ? Integer.parseInt(args[1]) : (int) Math.min(50_000, fdLimit - 2_000);
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        List<Integer> levels = Arrays.stream(System.getProperty("dialgate.bench.levels", "1,16,64").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        Path results = Path.of(System.getProperty("dialgate.bench.results", "bench/results"));
        Files.createDirectories(results);
        SimulatorBenchmark bench = new SimulatorBenchmark();
        try {
            bench.run(results, seconds, maxHeld, samples, levels, fdLimit);
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private void run(Path results, int seconds, int maxHeld, int samples, List<Integer> levels, long fdLimit) throws Exception {
        report.put("startedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        report.put("loadGeneratorFdLimit", fdLimit);
        report.put("loadAverageAtStart", loadAverage());
        Map<String, String> env = Map.of("SIMULATOR_SEED", "none",
                // Polls must stay held through the whole capacity phase: no hold timeout, no idle cut.
                "SIMULATOR_PULL_HOLD", "900s", "QUARKUS_HTTP_IDLE_TIMEOUT", "1200s");
        List<String> jvm = List.of("-Xmx256m");
        report.put("simulatorJvmOptions", jvm);
        report.put("simulatorEnv", env);
        try (AppProcess sim = AppProcess.simulator(env, jvm); WireMock wireMock = WireMock.start(jvm)) {
            simulator = sim;
            api = "/pbx/" + INSTANCE + "/api/v6/";
            SimulatorControl pbx = SimulatorControl.instance(sim.baseUrl(), INSTANCE);
            pbx.addPause("lunch", null, false);
            pbx.addQueue("1000", "in");
            for (int u = 0; u < USERS; u++) {
                tokens[u] = "bench-token-" + u;
                pbx.addUser("agent" + u, "pw" + u, tokens[u], List.of());
            }
            List<Memory> memory = new ArrayList<>();
            memory.add(memory("seeded, no polls", 0));

            List<Throughput> throughput = throughput(wireMock, seconds, levels);
            report.put("usersSession", throughput);

            List<WakeUp> wakeUps = new ArrayList<>();
            HttpClient polls = client(maxHeld + BATCH);
            HttpClient changes = client(4);
            for (int u = 0; u < USERS; u++) {
                Reply snapshot = await(get(polls, sim.port(), api + "appPullData.json?hash=", tokens[u]), 10);
                hashes[u] = hashOf(snapshot);
                held[u] = new ArrayList<>();
                held[u].add(poll(polls, u));
            }
            awaitHeld(pbx, USERS, Duration.ofSeconds(60));
            memory.add(memory("1,000 held polls", USERS));
            wakeUp("warm-up", polls, changes, Math.min(samples, 500), USERS);
            wakeUps.add(wakeUp("1,000 held polls, 1 per user", polls, changes, samples, USERS));

            Map<String, Object> capacity = capacity(pbx, polls, maxHeld);
            int reached = (Integer) capacity.get("verifiedHeld");
            memory.add(memory(String.format(Locale.ROOT, "%,d held polls", reached), reached));
            capacity.put("usersSessionWhileHeld", probe(reached));
            wakeUps.add(wakeUp(String.format(Locale.ROOT, "%,d held polls, %d per user (time to the last of them)",
                    reached, reached / USERS), polls, changes, Math.min(samples, 300), reached));
            capacity.put("aliveAtEnd", sim.isAlive());
            capacity.put("simulatorFdLimit", openFileLimit(sim.pid()));
            capacity.put("outOfMemoryInLog", Files.readString(sim.log()).contains("OutOfMemoryError"));
            report.put("heldPolls", capacity);
            report.put("wakeUp", wakeUps);
            report.put("memory", memory);
            report.put("loadAverageAtEnd", loadAverage());
            polls.close();
            changes.close();
        }
        write(results);
    }

    // ---------------------------------------------------------------- usersSession vs WireMock

    private List<Throughput> throughput(WireMock wireMock, int seconds, List<Integer> levels) throws Exception {
        String uri = api + "usersSession.json";
        HttpClient one = client(1);
        Reply answer = await(get(one, simulator.port(), uri, tokens[0]), 10);
        one.close();
        if (answer.status() != 200) {
            throw new IllegalStateException("usersSession answered " + answer.status() + ": " + answer.body());
        }
        wireMock.stub(uri, tokens[0], answer.status(), answer.body().toString());
        report.put("usersSessionBody", answer.body().toString());
        report.put("wireMockCommand", wireMock.command);
        int top = levels.stream().mapToInt(Integer::intValue).max().orElse(16);
        // Warm both JITs at the highest concurrency before measuring.
        closedLoop("simulator", simulator.port(), simulator.pid(), uri, top, Math.max(5, seconds / 2));
        closedLoop("wiremock", wireMock.port, wireMock.process.pid(), uri, top, Math.max(5, seconds / 2));
        List<Throughput> all = new ArrayList<>();
        for (int concurrency : levels) {
            all.add(print(closedLoop("simulator", simulator.port(), simulator.pid(), uri, concurrency, seconds)));
            all.add(print(closedLoop("wiremock", wireMock.port, wireMock.process.pid(), uri, concurrency, seconds)));
        }
        return all;
    }

    /** Closed loop: each of {@code concurrency} connections sends its next request when the last is answered. */
    private Throughput closedLoop(String server, int port, long pid, String uri, int concurrency, int seconds)
            throws Exception {
        HttpClient http = client(concurrency);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(concurrency);
        LongList[] latencies = new LongList[concurrency];
        long cpu0 = cpuMillis(pid);
        long self0 = cpuMillis(ProcessHandle.current().pid());
        long machine0 = machineBusyMillis();
        long started = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            latencies[w] = new LongList();
            loop(http, port, uri, end, latencies[w], errors, done);
        }
        if (!done.await(seconds + 60L, TimeUnit.SECONDS)) {
            throw new IllegalStateException("closed loop against " + server + " did not finish");
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long cpu = cpuMillis(pid) - cpu0;
        long self = cpuMillis(ProcessHandle.current().pid()) - self0;
        long others = machineBusyMillis() - machine0 - cpu - self;
        http.close();
        LongList all = new LongList();
        for (LongList l : latencies) {
            all.addAll(l);
        }
        long[] sorted = all.sorted();
        return new Throughput(server, concurrency, sorted.length, errors.get(), elapsed, pct(sorted, 50), pct(sorted, 90),
                pct(sorted, 99), sorted.length == 0 ? Double.NaN : (double) cpu / sorted.length,
                Math.max(0, others) / 1000.0 / elapsed);
    }

    private void loop(HttpClient http, int port, String uri, long end, LongList latencies, AtomicInteger errors,
            CountDownLatch done) {
        long t0 = System.nanoTime();
        if (t0 >= end) {
            done.countDown();
            return;
        }
        get(http, port, uri, tokens[0]).onComplete(ar -> {
            if (ar.succeeded() && ar.result().status() == 200) {
                latencies.add(ar.result().nanos() - t0);
            } else {
                errors.incrementAndGet();
            }
            loop(http, port, uri, end, latencies, errors, done);
        });
    }

    private static Throughput print(Throughput t) {
        System.out.printf(Locale.ROOT, "usersSession %-9s c=%-3d %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  cpu %.3f ms/req  "
                + "errors %d  other processes %.2f cores%n", t.server(), t.concurrency(), t.perSecond(), t.p50(), t.p99(),
                t.serverCpuMsPerRequest(), t.errors(), t.otherProcessesCpuCores());
        return t;
    }

    // ---------------------------------------------------------------- wake-up latency

    /**
     * One user at a time (round robin): start or end its pause through {@code usersSession.json},
     * time from sending that request until the last of the user's held polls is answered, then hold
     * the user's polls again with the new hash.
     */
    private WakeUp wakeUp(String phase, HttpClient polls, HttpClient changes, int samples, int heldPolls) throws Exception {
        long[] wake = new long[samples];
        long[] changed = new long[samples];
        int perUser = 0;
        for (int s = 0; s < samples; s++) {
            int u = s % USERS;
            List<Future<Reply>> waiting = held[u];
            perUser = Math.max(perUser, waiting.size());
            String body = paused[u] ? "{\"pause\":null}" : "{\"pause\":\"lunch\"}";
            long t0 = System.nanoTime();
            Reply change = await(post(changes, simulator.port(), api + "usersSession.json", tokens[u], body), 10);
            if (change.status() != 200) {
                throw new IllegalStateException("pause change answered " + change.status() + ": " + change.body());
            }
            paused[u] = !paused[u];
            long last = 0;
            String hash = null;
            for (Future<Reply> f : waiting) {
                Reply r = await(f, 10);
                JsonNode node = JSON.readTree(r.body().getBytes()).path("result");
                if (r.status() != 200 || node.path("snapshot").asBoolean() || !node.has("pause")
                        || node.path("hash").asText().equals(hashes[u])) {
                    throw new IllegalStateException("woken poll answered " + r.status() + ": " + r.body());
                }
                hash = node.path("hash").asText();
                last = Math.max(last, r.nanos());
            }
            wake[s] = last - t0;
            changed[s] = change.nanos() - t0;
            hashes[u] = hash;
            List<Future<Reply>> again = new ArrayList<>(waiting.size());
            for (int i = 0; i < waiting.size(); i++) {
                again.add(poll(polls, u));
            }
            held[u] = again;
        }
        Arrays.sort(wake);
        Arrays.sort(changed);
        WakeUp result = new WakeUp(phase, heldPolls, perUser, samples, pct(wake, 50), pct(wake, 90), pct(wake, 99),
                wake[samples - 1] / 1e6, pct(changed, 50));
        System.out.printf(Locale.ROOT, "wake-up %s: %d samples  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                phase, samples, result.p50(), result.p90(), result.p99(), result.max());
        return result;
    }

    // ---------------------------------------------------------------- held-poll capacity

    /** Adds held polls in batches of 1,000, each verified by the simulator's own count, up to {@code maxHeld}. */
    private Map<String, Object> capacity(SimulatorControl pbx, HttpClient polls, int maxHeld) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        List<Map<String, Object>> steps = new ArrayList<>();
        int total = USERS;
        String stoppedBecause = "reached the requested maximum";
        long t0 = System.nanoTime();
        while (total < maxHeld) {
            int batch = Math.min(BATCH, maxHeld - total);
            for (int i = 0; i < batch; i++) {
                int u = (total + i) % USERS;
                held[u].add(poll(polls, u));
            }
            int expected = total + batch;
            long s0 = System.nanoTime();
            int seen = awaitHeld(pbx, expected, Duration.ofSeconds(60));
            int failed = failedPolls();
            steps.add(Map.of("target", expected, "held", seen, "failedOnClient", failed,
                    "secondsToHold", Math.round((System.nanoTime() - s0) / 1e7) / 100.0));
            System.out.printf(Locale.ROOT, "held polls: %,d of %,d (client failures %d)%n", seen, expected, failed);
            if (seen < expected || failed > 0 || !simulator.isAlive()) {
                stoppedBecause = !simulator.isAlive() ? "simulator died"
                        : failed > 0 ? failed + " polls failed on the load generator" : "simulator did not reach the count in 60 s";
                total = seen;
                break;
            }
            total = expected;
        }
        result.put("requested", maxHeld);
        result.put("rampSeconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        result.put("stoppedBecause", stoppedBecause);
        result.put("steps", steps);
        // Hold them a while, then check the simulator still holds every one and none was answered.
        Thread.sleep(10_000);
        int verified = pbx.state().path("heldPolls").asInt();
        int answered = 0;
        for (List<Future<Reply>> l : held) {
            for (Future<Reply> f : l) {
                answered += f.isComplete() ? 1 : 0;
            }
        }
        result.put("verifiedHeld", verified);
        result.put("answeredEarly", answered);
        System.out.printf(Locale.ROOT, "held polls verified after 10 s: %,d (answered early: %d)%n", verified, answered);
        return result;
    }

    private int failedPolls() {
        int failed = 0;
        for (List<Future<Reply>> l : held) {
            for (Future<Reply> f : l) {
                failed += f.failed() ? 1 : 0;
            }
        }
        return failed;
    }

    /** A normal request while the polls are held: the simulator keeps answering. */
    private Map<String, Object> probe(int heldPolls) throws Exception {
        HttpClient http = client(1);
        long[] lat = new long[500];
        for (int i = 0; i < lat.length; i++) {
            long t0 = System.nanoTime();
            Reply r = await(get(http, simulator.port(), api + "usersSession.json", tokens[1]), 10);
            if (r.status() != 200) {
                throw new IllegalStateException("usersSession answered " + r.status());
            }
            lat[i] = r.nanos() - t0;
        }
        http.close();
        Arrays.sort(lat);
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("heldPolls", heldPolls);
        probe.put("requests", lat.length);
        probe.put("p50", pct(lat, 50));
        probe.put("p99", pct(lat, 99));
        System.out.printf(Locale.ROOT, "usersSession with %,d held polls: p50 %.2f ms p99 %.2f ms%n", heldPolls,
                pct(lat, 50), pct(lat, 99));
        return probe;
    }

    private static int awaitHeld(SimulatorControl pbx, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            seen = pbx.state().path("heldPolls").asInt();
            if (seen >= expected) {
                return seen;
            }
            Thread.sleep(200);
        }
        return seen;
    }

    // ---------------------------------------------------------------- HTTP

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(30_000)
                .setDefaultHost(HOST), new PoolOptions().setHttp1MaxSize(connections));
    }

    private Future<Reply> poll(HttpClient http, int u) {
        return get(http, simulator.port(), api + "appPullData.json?hash=" + hashes[u], tokens[u]);
    }

    private static Future<Reply> get(HttpClient http, int port, String uri, String token) {
        return send(http, new RequestOptions().setMethod(HttpMethod.GET).setHost(HOST).setPort(port).setURI(uri)
                .putHeader("X-Auth-Token", token), null);
    }

    private static Future<Reply> post(HttpClient http, int port, String uri, String token, String json) {
        return send(http, new RequestOptions().setMethod(HttpMethod.POST).setHost(HOST).setPort(port).setURI(uri)
                .putHeader("X-Auth-Token", token).putHeader("Content-Type", "application/json"), json);
    }

    private static Future<Reply> send(HttpClient http, RequestOptions options, String body) {
        return http.request(options).compose(request -> (body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b, System.nanoTime()))));
    }

    private static <T> T await(Future<T> future, int seconds) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    private static String hashOf(Reply reply) throws IOException {
        String hash = JSON.readTree(reply.body().getBytes()).path("result").path("hash").asText("");
        if (reply.status() != 200 || hash.isEmpty()) {
            throw new IllegalStateException("appPullData answered " + reply.status() + ": " + reply.body());
        }
        return hash;
    }

    // ---------------------------------------------------------------- process metrics

    private Memory memory(String when, int heldPolls) throws Exception {
        long pid = simulator.pid();
        String heap = "";
        long used = -1;
        long committed = -1;
        try {
            jcmd(pid, "GC.run");
            heap = jcmd(pid, "GC.heap_info");
            Matcher m = HEAP_USED.matcher(heap);
            if (m.find()) {
                used = Long.parseLong(m.group(1));
            }
            Matcher c = Pattern.compile("total (\\d+)K").matcher(heap);
            if (c.find()) {
                committed = Long.parseLong(c.group(1));
            }
        } catch (IOException e) {
            System.err.println("jcmd failed: " + e.getMessage());
        }
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        int fds;
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) list.count();
        }
        Memory memory = new Memory(when, heldPolls, used, committed, rss, fds);
        System.out.printf(Locale.ROOT, "memory %s: heap used after GC %,d KB of %,d KB committed, RSS %,d KB, fds %,d%n",
                when, used, committed, rss, fds);
        return memory;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + ": " + out);
        }
        return out;
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** Busy (non-idle, non-iowait) CPU time of the whole machine, from /proc/stat. */
    private static long machineBusyMillis() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy * 10;
    }

    private static long openFileLimit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    // ---------------------------------------------------------------- WireMock standalone

    /** WireMock standalone as its own process on a free loopback port, with the request journal off. */
    static final class WireMock implements AutoCloseable {
        final Process process;
        final int port;
        final List<String> command;
        private final java.net.http.HttpClient admin = java.net.http.HttpClient.newHttpClient();

        private WireMock(Process process, int port, List<String> command) {
            this.process = process;
            this.port = port;
            this.command = command;
        }

        static WireMock start(List<String> jvmOptions) throws Exception {
            String jar = System.getProperty("dialgate.wiremock.jar");
            if (jar == null || !Files.exists(Path.of(jar))) {
                throw new IllegalStateException("WireMock jar not found (dialgate.wiremock.jar=" + jar + ")");
            }
            Path dir = Files.createTempDirectory(Files.createDirectories(
                    Path.of(System.getProperty("dialgate.it.work-dir", "target/it-work"))), "wiremock-");
            Files.createDirectories(dir.resolve("mappings"));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar, "--port", Integer.toString(port), "--bind-address", HOST,
                    "--no-request-journal", "--disable-banner", "--root-dir", dir.toString()));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("wiremock.log").toFile()).start();
            WireMock wireMock = new WireMock(process, port, command);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    if (wireMock.admin("GET", "/__admin/mappings", null) == 200) {
                        return wireMock;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("WireMock did not start; see " + dir.resolve("wiremock.log"));
                }
                Thread.sleep(200);
            }
        }

        /** The static stub: GET on the path with the token header, the simulator's status, body and content type. */
        void stub(String path, String token, int status, String body) throws Exception {
            ObjectNode mapping = JSON.createObjectNode();
            ObjectNode request = mapping.putObject("request");
            request.put("method", "GET").put("urlPath", path);
            request.putObject("headers").putObject("X-Auth-Token").put("equalTo", token);
            ObjectNode response = mapping.putObject("response");
            response.put("status", status).put("body", body);
            response.putObject("headers").put("Content-Type", "application/json; charset=utf-8");
            int code = admin("POST", "/__admin/mappings", JSON.writeValueAsString(mapping));
            if (code != 201) {
                throw new IllegalStateException("WireMock refused the stub: " + code);
            }
        }

        private int admin(String method, String path, String body) throws IOException, InterruptedException {
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + path))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            return admin.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A growable array of longs (latencies in nanoseconds). */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void addAll(LongList other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    // ---------------------------------------------------------------- report

    @SuppressWarnings("unchecked")
    private void write(Path dir) throws Exception {
        List<Throughput> throughput = (List<Throughput>) report.get("usersSession");
        List<WakeUp> wakeUps = (List<WakeUp>) report.get("wakeUp");
        List<Memory> memory = (List<Memory>) report.get("memory");
        Map<String, Object> capacity = (Map<String, Object>) report.get("heldPolls");
        StringBuilder md = new StringBuilder();
        md.append("# Simulator benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s, Java %s); load average %s at start, %s at end. "
                        + "Simulator and WireMock each with `-Xmx256m`; load generator: one Vert.x HTTP/1.1 client on two "
                        + "event loops on the same machine (loopback), sharing its 2 cores with the server it measures. "
                        + "Reproduce: `bench/run simulator` (arguments: seconds per level, max held polls, wake-up samples; "
                        + "`BENCH_LEVELS` for the concurrency levels).%n%n", report.get("startedAt"), report.get("cores"),
                System.getProperty("os.name"), report.get("java"), report.get("loadAverageAtStart"), report.get("loadAverageAtEnd")));
        int verified = (Integer) capacity.get("verifiedHeld");
        md.append("## Held long polls\n\n");
        md.append(String.format(Locale.ROOT, "Target at least 10,000 in a 256 MB heap: **%s** — %,d polls held and verified "
                        + "by the simulator's `heldPolls` after 10 s (requested %,d; %s; %d answered early; simulator alive: %s, "
                        + "OutOfMemoryError in its log: %s).%n%n", verified >= 10_000 ? "met" : "missed", verified,
                capacity.get("requested"), capacity.get("stoppedBecause"), capacity.get("answeredEarly"),
                capacity.get("aliveAtEnd"), capacity.get("outOfMemoryInLog")));
        md.append("| Simulator | Held polls | Heap used after full GC (KB) | Heap committed (KB) | RSS (KB) | Open fds |\n"
                + "|---|---|---|---|---|---|\n");
        for (Memory m : memory) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d |%n", m.when(), m.heldPolls(),
                    m.heapUsedAfterGcKb(), m.heapCommittedKb(), m.rssKb(), m.openFds()));
        }
        if (memory.size() >= 3 && memory.get(2).heldPolls() > memory.get(0).heldPolls()) {
            Memory a = memory.get(0);
            Memory b = memory.get(memory.size() - 1);
            double perPoll = (double) (b.heapUsedAfterGcKb() - a.heapUsedAfterGcKb()) / (b.heldPolls() - a.heldPolls());
            md.append(String.format(Locale.ROOT, "%nHeap per held poll (connection included): about %.1f KB, so a 256 MB heap "
                    + "fills at roughly %,d (an extrapolation and an upper bound: GC would thrash before; not measured). What bounds this run is file descriptors: "
                    + "one socket per held poll on each side, with an open-file limit of %,d for the simulator and %,d for "
                    + "the load generator on this machine.%n", perPoll, Math.round((256 * 1024 - a.heapUsedAfterGcKb()) / perPoll / 1000) * 1000,
                    capacity.get("simulatorFdLimit"), report.get("loadGeneratorFdLimit")));
        }
        Map<String, Object> probe = (Map<String, Object>) capacity.get("usersSessionWhileHeld");
        md.append(String.format(Locale.ROOT, "%nWhile they were held, %d sequential `GET usersSession.json`: p50 %.2f ms, p99 %.2f ms. "
                + "Ramp: %s s for batches of 1,000.%n%n", probe.get("requests"), probe.get("p50"), probe.get("p99"),
                capacity.get("rampSeconds")));
        md.append("## Wake-up latency\n\n");
        md.append("From sending `POST usersSession.json {pause}` (start or end a pause) until the last held poll of that "
                + "user is answered with the new hash; one user at a time, round robin over 1,000 users, each poll re-held "
                + "with the new hash. Includes the change request's own round trip.\n\n");
        WakeUp main = wakeUps.get(0);
        md.append(String.format(Locale.ROOT, "Target p99 under 10 ms at 1,000 held polls: **%s** (p99 %.2f ms).%n%n",
                main.p99() < 10 ? "met" : "missed", main.p99()));
        md.append("| Held polls | Samples | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | change answered p50 (ms) |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (WakeUp w : wakeUps) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", w.phase(), w.samples(),
                    w.p50(), w.p90(), w.p99(), w.max(), w.changeAnsweredP50()));
        }
        md.append("\n## usersSession.json: simulator vs WireMock\n\n");
        md.append(String.format(Locale.ROOT, "Closed loop, `GET usersSession.json` with `X-Auth-Token`, keep-alive connections, "
                        + "%s s per level after a warm-up of each; WireMock %s standalone (`--no-request-journal`, default "
                        + "threads) serving a static stub with the simulator's status, body and content type, matched on "
                        + "method, path and token header. Server CPU is the server process's user+system time per request; \"other "
                        + "processes\" is the CPU the rest of the machine (other builds) used meanwhile, in cores out of 2.%n%n",
                throughput.isEmpty() ? "?" : Math.round(throughput.get(0).seconds()), "3.13.2"));
        md.append("| Concurrency | Server | Requests | Errors | req/s | p50 (ms) | p90 (ms) | p99 (ms) | server CPU (ms/req) "
                + "| other processes (cores) |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Throughput t : throughput) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.3f | %.2f |%n",
                    t.concurrency(), t.server(), t.requests(), t.errors(), t.perSecond(), t.p50(), t.p90(), t.p99(),
                    t.serverCpuMsPerRequest(), t.otherProcessesCpuCores()));
        }
        md.append("\n| Concurrency | Simulator / WireMock req/s | Target (at least WireMock) |\n|---|---|---|\n");
        for (int i = 0; i + 1 < throughput.size(); i += 2) {
            double ratio = throughput.get(i).perSecond() / throughput.get(i + 1).perSecond();
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %s |%n", throughput.get(i).concurrency(), ratio,
                    ratio >= 1 ? "met" : "missed"));
        }
        md.append(BenchCharts.simulator(dir, memory, throughput));
        Files.writeString(dir.resolve("simulator.md"), md.toString());
        Files.writeString(dir.resolve("simulator.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println("Wrote " + dir.resolve("simulator.md"));
        System.out.println(md);
    }
}
