package io.dialgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.testsupport.AppProcess;
import io.dialgate.testsupport.SimulatorControl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Queue login and call creation sent straight to the simulator and through the gateway, side by
 * side in one run on one machine: the gateway's added latency and its throughput relative to the
 * direct path. Writes {@code bench/results/commands.md} (quoted in the README) and a JSON twin.
 *
 * <p>Usage: {@code bench/run commands [seconds-per-round] [concurrency] [warm-up-seconds] [rounds]}.
 */
public final class CommandBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_CONCURRENCY = 8;

    private CommandBenchmark() {
    }

    record Result(String scenario, int requests, int errors, double seconds, double p50, double p90, double p99,
            double gatewayCpuMs, double databaseCpuMs, double simulatorCpuMs, double clientCpuMs) {
        double throughput() {
            return requests / seconds;
        }

        /** One scenario over all its rounds: requests and time summed, latencies pooled, CPU per request overall. */
        static Result of(String scenario, List<Sample> rounds) {
            long[] sorted = rounds.stream().flatMapToLong(r -> java.util.Arrays.stream(r.latencies())).sorted().toArray();
            int errors = rounds.stream().mapToInt(Sample::errors).sum();
            double seconds = rounds.stream().mapToDouble(Sample::seconds).sum();
            double[] cpuMs = new double[4];
            for (Sample r : rounds) {
                double[] perRequest = r.cpuAfter().perRequestMs(r.cpuBefore(), 1);
                for (int i = 0; i < 4; i++) {
                    cpuMs[i] += perRequest[i];
                }
            }
            for (int i = 0; i < 4; i++) {
                cpuMs[i] = round(cpuMs[i] / Math.max(1, sorted.length));
            }
            return new Result(scenario, sorted.length, errors, seconds, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                    cpuMs[0], cpuMs[1], cpuMs[2], cpuMs[3]);
        }
    }

    /** What one timed run of a scenario saw. */
    record Sample(long[] latencies, int errors, double seconds, Cpu cpuBefore, Cpu cpuAfter) {
    }

    record Scenario(String name, IntFunction<HttpRequest> request) {
    }

    /** CPU time of the gateway, its embedded database, the simulator and this load generator, in clock ticks. */
    record Cpu(long gateway, long database, long simulator, long client) {
        static Cpu of(AppProcess gateway, AppProcess simulator) throws IOException {
            return new Cpu(ProcessCpu.ticks(gateway.pid()), ProcessCpu.databaseTicks(gateway), ProcessCpu.ticks(simulator.pid()),
                    ProcessCpu.ticks(ProcessHandle.current().pid()));
        }

        /** Milliseconds of CPU per request since {@code before}, for each process. */
        double[] perRequestMs(Cpu before, int requests) {
            double scale = 1000.0 / ProcessCpu.CLOCK_TICKS_PER_SECOND / Math.max(1, requests);
            return new double[] {(gateway - before.gateway) * scale, (database - before.database) * scale,
                    (simulator - before.simulator) * scale, (client - before.client) * scale};
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_CONCURRENCY;
        // Quarkus's request path is large: C2 keeps compiling it for tens of seconds, and a short warm-up
        // measured the JIT (a third of the gateway's CPU) rather than the gateway.
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.println("Load average at start: " + EngineBenchmark.loadAverage());
        Path results = Path.of(System.getProperty("dialgate.bench.results", "bench/results"));
        Files.createDirectories(results);
        // Calls end after 1.2 s and their agents wrap up at once: thousands of open activities per agent (each one part
        // of the agent's state) would otherwise make the simulator, not the gateway, the thing measured.
        try (AppProcess simulator = AppProcess.simulator(Map.of("SIMULATOR_SEED", "none", "SIMULATOR_CALLS_TALK_TIME", "1s",
                "SIMULATOR_CALLS_RING_TIME", "200ms", "SIMULATOR_CALLS_CLOSE_ACTIVITY_ON_HANGUP", "true"));
             AppProcess gateway = AppProcess.gateway(Map.of("DIALGATE_ADMIN_TOKEN", "bench-operator-token-of-at-least-32-chars",
                     "DIALGATE_CRYPTO_KEYS", "bench:" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                     "DIALGATE_RATE_LIMIT_REQUESTS_PER_SECOND", "1000000", "DIALGATE_RATE_LIMIT_BURST", "1000000"), gatewayJvm())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            SimulatorControl pbx = SimulatorControl.instance(simulator.baseUrl(), "bench");
            pbx.addQueue("2000", "out");
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                String token = "bench-" + UUID.randomUUID();
                pbx.addUser("agent" + i, "pw" + i, token, List.of());
                tokens.add(token);
            }
            String apiKey = post(http, gateway.baseUrl() + "/admin/tenants", "bench-operator-token-of-at-least-32-chars", "{\"name\":\"bench\"}").path("apiKey").asText();
            String hostId = post(http, gateway.baseUrl() + "/v1/pbx-hosts", apiKey,
                    "{\"name\":\"sim\",\"baseUrl\":\"" + pbx.pbxUrl() + "\"}").path("id").asText();
            List<String> userIds = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                userIds.add(post(http, gateway.baseUrl() + "/v1/users", apiKey, "{\"pbxHostId\":\"" + hostId + "\",\"login\":\"agent" + i
                        + "\",\"accessToken\":\"" + tokens.get(i) + "\",\"monitored\":false}").path("id").asText());
            }
            String direct = pbx.pbxUrl() + "/api/v6/";
            Callable<Cpu> cpu = () -> Cpu.of(gateway, simulator);
            List<Result> all = new ArrayList<>();
            // Warm both JITs on every path measured below, the gateway's for twice as long (its code is the larger).
            run("warm-up", warmUp / 2, concurrency, http, cpu, w -> directQueue(direct, tokens.get(w)));
            run("warm-up", warmUp / 2, concurrency, http, cpu, w -> directCall(direct, tokens.get(w)));
            run("warm-up", warmUp, concurrency, http, cpu, w -> gatewayQueue(gateway.baseUrl(), apiKey, userIds.get(w)));
            run("warm-up", warmUp, concurrency, http, cpu, w -> gatewayCall(gateway.baseUrl(), apiKey, userIds.get(w), w % 2 == 0));
            List<Scenario> scenarios = List.of(
                    new Scenario("queue login, direct to PBX", w -> directQueue(direct, tokens.get(w))),
                    new Scenario("queue login, through gateway", w -> gatewayQueue(gateway.baseUrl(), apiKey, userIds.get(w))),
                    new Scenario("call creation, direct to PBX", w -> directCall(direct, tokens.get(w))),
                    new Scenario("call creation, through gateway", w -> gatewayCall(gateway.baseUrl(), apiKey, userIds.get(w), false)),
                    new Scenario("call creation, through gateway with Idempotency-Key",
                            w -> gatewayCall(gateway.baseUrl(), apiKey, userIds.get(w), true)));
            // Rounds alternate the scenarios, so that a slow spell of this shared machine (another process, a GC, a JIT
            // recompilation) lands on both sides of a comparison instead of on whichever scenario ran then.
            Map<Scenario, List<Sample>> samples = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (Scenario scenario : scenarios) {
                    samples.computeIfAbsent(scenario, k -> new ArrayList<>())
                            .add(run(scenario.name() + " (round " + round + ")", seconds, concurrency, http, cpu, scenario.request()));
                }
            }
            samples.forEach((scenario, rounds1) -> all.add(Result.of(scenario.name(), rounds1)));
            write(results, all, seconds, rounds, concurrency, warmUp, samples);
        }
    }

    /** {@code -Ddialgate.bench.jfr=true} records a JFR profile of the gateway in its work directory. */
    private static List<String> gatewayJvm() {
        List<String> options = new ArrayList<>(List.of("-Xmx256m"));
        if (Boolean.getBoolean("dialgate.bench.jfr")) {
            options.add("-XX:StartFlightRecording=filename=gateway.jfr,settings=profile,dumponexit=true");
        }
        return options;
    }

    private static HttpRequest directQueue(String api, String token) {
        return HttpRequest.newBuilder(URI.create(api + "usersSession.json")).header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"queues\":[{\"login\":true,\"name\":\"2000\",\"penalty\":0}]}")).build();
    }

    private static HttpRequest gatewayQueue(String gateway, String apiKey, String userId) {
        return HttpRequest.newBuilder(URI.create(gateway + "/v1/users/" + userId + "/queues/2000"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"penalty\":0}")).build();
    }

    private static HttpRequest directCall(String api, String token) {
        return HttpRequest.newBuilder(URI.create(api + "activities.json")).header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"123456\",\"type\":\"CALL\",\"queue\":\"2000\"}")).build();
    }

    private static HttpRequest gatewayCall(String gateway, String apiKey, String userId, boolean idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/v1/users/" + userId + "/calls"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json");
        if (idempotencyKey) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return request.POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"123456\",\"queue\":\"2000\"}")).build();
    }

    /** Closed loop: each worker sends its next request as soon as the previous one is answered. */
    private static Sample run(String name, int seconds, int concurrency, HttpClient http, Callable<Cpu> cpu,
            IntFunction<HttpRequest> request) throws Exception {
        Cpu cpuBefore = cpu.call();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        Instant end = Instant.now().plusSeconds(seconds);
        AtomicInteger errors = new AtomicInteger();
        List<Future<List<Long>>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (Instant.now().isBefore(end)) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request.apply(worker), HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - t0);
                        if (response.statusCode() >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // Counted, not fatal: e.g. a pooled keep-alive connection the server had just closed.
                        errors.incrementAndGet();
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        Sample sample = new Sample(sorted, errors.get(), elapsed, cpuBefore, cpu.call());
        Result result = Result.of(name, List.of(sample));
        System.out.printf(Locale.ROOT, "%-32s %7d req  %8.1f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  errors %d  "
                        + "CPU/req gateway %.3f db %.3f simulator %.3f client %.3f ms%n", name, result.requests(), result.throughput(),
                result.p50(), result.p90(), result.p99(), result.errors(), result.gatewayCpuMs(), result.databaseCpuMs(),
                result.simulatorCpuMs(), result.clientCpuMs());
        return sample;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static JsonNode post(HttpClient http, String url, String bearer, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void write(Path dir, List<Result> results, int seconds, int rounds, int concurrency, int warmUp,
            Map<Scenario, List<Sample>> samples) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Command latency: gateway vs direct\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s, Java %s); %d rounds of %d s per scenario, the scenarios "
                        + "alternating; %d concurrent clients, "
                        + "closed loop, loopback HTTP/1.1, embedded PostgreSQL; JIT warm-up before measuring: %d s per gateway path, "
                        + "%d s per direct path; load average at the end %s.%n%n", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("java.version"),
                rounds, seconds, concurrency, warmUp, warmUp / 2, EngineBenchmark.loadAverage()));
        md.append("| Scenario | Requests | Errors | Throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) "
                + "| CPU per request (ms): gateway / its PostgreSQL / simulator / load generator |\n|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.3f / %.3f / %.3f / %.3f |%n",
                    r.scenario(), r.requests(), r.errors(), r.throughput(), r.p50(), r.p90(), r.p99(), r.gatewayCpuMs(),
                    r.databaseCpuMs(), r.simulatorCpuMs(), r.clientCpuMs()));
        }
        md.append("\n| Operation | Added p50 (ms) | Gateway / direct throughput |\n|---|---|---|\n");
        // Each gateway scenario against the direct scenario before it.
        Result direct = null;
        for (Result r : results) {
            if (r.scenario().endsWith("direct to PBX")) {
                direct = r;
            } else if (direct != null) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", r.scenario().replace(", through gateway", ""),
                        r.p50() - direct.p50(), r.throughput() / direct.throughput()));
            }
        }
        // One file per concurrency level, so that a run at one client does not overwrite the run the README quotes.
        String name = concurrency == DEFAULT_CONCURRENCY ? "commands" : "commands-concurrency-" + concurrency;
        Map<String, List<long[]>> latencies = new LinkedHashMap<>();
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        samples.forEach((scenario, runs) -> {
            latencies.put(scenario.name(), runs.stream().map(Sample::latencies).toList());
            throughput.put(scenario.name(), runs.stream().map(s -> Math.round(s.latencies().length / s.seconds() * 10) / 10.0).toList());
        });
        md.append(BenchCharts.commands(dir, name, latencies, throughput));
        Files.writeString(dir.resolve(name + ".md"), md.toString());
        Files.writeString(dir.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println("Wrote " + dir.resolve(name + ".md"));
        System.out.println(md);
    }
}
