package io.dialgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Webhook delivery isolation: the change-to-webhook latency of a fast endpoint alone, then with a second
 * endpoint beside it, on the same host and port, that answers every request after 20 s while every user has
 * an event waiting for it. The slow endpoint should hold only its own in-flight cap of attempts, and the fast
 * endpoint's p99 stay within twice its p99 alone. Writes {@code bench/results/isolation.md} and a JSON twin.
 *
 * <p>Usage: {@code bench/run isolation [users] [changes-per-second] [seconds]}.
 */
public final class IsolationBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IsolationBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main(IsolationBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path results = BenchRun.results();
        Map<String, Object> report = BenchRun.report();
        report.put("users", users);
        try (EngineBenchmark.Receiver receiver = EngineBenchmark.Receiver.start();
                EngineBenchmark.Stack stack = EngineBenchmark.Stack.start(users, List.of("-Xmx512m"), receiver, report, "")) {
            Thread.sleep(3_000);
            EngineBenchmark.runLatency("warm-up", stack, receiver, users, rate, 5);
            report.put("alone", EngineBenchmark.runLatency("fast endpoint alone", stack, receiver, users, rate, seconds));

            HttpClient http = stack.http();
            EngineBenchmark.post(http, stack.gateway().baseUrl() + "/v1/webhooks", stack.apiKey(),
                    "{\"url\":\"" + receiver.slowUrl() + "\",\"eventTypes\":[],\"description\":\"answers after 20 s\"}");
            // Every user changes once: each has a webhook waiting for the slow endpoint from now on.
            boolean[] paused = stack.paused();
            EngineBenchmark.parallel(users, 32, i -> {
                paused[i] = !paused[i];
                try {
                    http.send(EngineBenchmark.change(stack.sessionUrl(), i, paused[i]), HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.sleep(3_000);
            int slowBacklogAtStart = users - receiver.slowAnswered.get();
            report.put("beside", EngineBenchmark.runLatency("fast endpoint beside a 20 s one", stack, receiver, users, rate, seconds));
            report.put("slowMaxInFlight", receiver.slowMaxInFlight.get());
            report.put("slowAnsweredDuringRun", receiver.slowAnswered.get());
            report.put("slowBacklogAtStart", slowBacklogAtStart);
            report.put("invalidSignatures", receiver.invalid.get());
            EngineBenchmark.finish(stack, "", report);
        }
        report.put("loadAverageAtEnd", EngineBenchmark.loadAverage());
        write(results, report);
    }

    @SuppressWarnings("unchecked")
    private static void write(Path dir, Map<String, Object> r) throws IOException {
        Map<String, Object> alone = (Map<String, Object>) r.get("alone");
        Map<String, Object> beside = (Map<String, Object>) r.get("beside");
        double ratio = ((Number) beside.get("p99Ms")).doubleValue() / Math.max(1, ((Number) alone.get("p99Ms")).doubleValue());
        StringBuilder md = new StringBuilder("# Webhook delivery isolation: a fast endpoint beside one that answers after 20 s\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %s cores (Java %s), load average at start %s, at end %s. One gateway "
                        + "(`-Xmx512m`, embedded PostgreSQL, default webhook settings but a 60 s timeout and private URLs), one "
                        + "simulator with %s monitored users of one tenant, and one loopback receiver (JDK HttpServer) serving both "
                        + "endpoints on the same host and port: `/hooks` answers 204 at once, `/slow` answers 200 after 20 s. "
                        + "Latency is from the pause change sent to the simulator to the signed webhook's arrival at `/hooks`, "
                        + "%s changes/s for %s s, open loop.%n%n", r.get("startedAt"), r.get("cores"), r.get("java"),
                r.get("loadAverageAtStart"), r.get("loadAverageAtEnd"), r.get("users"), alone.get("changesPerSecond"),
                alone.get("seconds")));
        md.append("| Measure | Result | Target |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| Fast endpoint alone, p50 / p99 / max | %s / %s / %s ms | |%n", alone.get("p50Ms"),
                alone.get("p99Ms"), alone.get("maxMs")));
        md.append(String.format(Locale.ROOT, "| Fast endpoint beside the 20 s one (every user's webhook waiting for it), p50 / p99 / max "
                + "| %s / %s / %s ms | p99 ≤ 2 × alone |%n", beside.get("p50Ms"), beside.get("p99Ms"), beside.get("maxMs")));
        md.append(String.format(Locale.ROOT, "| p99 beside / p99 alone | %.2f | ≤ 2 |%n", ratio));
        md.append(String.format(Locale.ROOT, "| Most requests the slow endpoint had in flight | %s | its cap (16) |%n", r.get("slowMaxInFlight")));
        md.append(String.format(Locale.ROOT, "%nDetails: %s webhooks matched alone, %s beside (of %s and %s changes); %s slow webhooks "
                        + "waiting when the second run began, %s answered by the end; %s invalid signatures; gateway ERROR log lines %s.%n",
                alone.get("webhooksMatched"), beside.get("webhooksMatched"), alone.get("changes"), beside.get("changes"),
                r.get("slowBacklogAtStart"), r.get("slowAnsweredDuringRun"), r.get("invalidSignatures"), r.get("gatewayLogErrors")));
        md.append(BenchCharts.isolation(dir, r));
        Files.writeString(dir.resolve("isolation.md"), md.toString());
        Files.writeString(dir.resolve("isolation.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        System.out.println("Wrote " + dir.resolve("isolation.md"));
        System.out.println(md);
    }
}
