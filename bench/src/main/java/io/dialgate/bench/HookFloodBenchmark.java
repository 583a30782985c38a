package io.dialgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.testsupport.AppProcess;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's API and readiness while senders hold action-hook requests open with bodies they never finish:
 * {@code slow} connections each send the head of a signed-looking hook request and 10 of 1,000 body bytes, then
 * wait. Meanwhile {@code /v1/users} and {@code /q/health/ready} are called one after the other and timed. Writes
 * {@code bench/results/hooks.md} and a JSON twin.
 *
 * <p>Usage: {@code bench/run hooks [slow-connections] [requests]}.
 */
public final class HookFloodBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "bench-operator-token-0123456789abcdef";

    private HookFloodBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main(HookFloodBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int slowCount = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path results = BenchRun.results();
        Map<String, Object> report = BenchRun.report();
        report.put("slowConnections", slowCount);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try (AppProcess gateway = AppProcess.gateway(Map.of(
                "DIALGATE_ADMIN_TOKEN", ADMIN,
                "DIALGATE_CRYPTO_KEYS", "bench:" + Base64.getEncoder().encodeToString(new byte[32]),
                "DIALGATE_RATE_LIMIT_REQUESTS_PER_SECOND", "1000000",
                "DIALGATE_RATE_LIMIT_BURST", "1000000"), List.of("-Xmx256m"))) {
            String apiKey = EngineBenchmark.post(http, gateway.baseUrl() + "/admin/tenants", ADMIN, "{\"name\":\"bench\"}").path("apiKey").asText();
            String hookPath = URI.create(EngineBenchmark.post(http, gateway.baseUrl() + "/v1/action-hooks", apiKey, "{}")
                    .path("url").asText()).getPath();
            List<HttpRequest> calls = List.of(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/users")).header("Authorization", "Bearer " + apiKey)
                            .timeout(Duration.ofSeconds(30)).build(),
                    HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(30)).build());
            report.put("alone", measure(http, calls, requests));
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < slowCount; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", URI.create(gateway.baseUrl()).getPort()), 5000);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST " + hookPath + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\nwebhook-id: msg_" + i + "\r\nwebhook-timestamp: 1700000000\r\n"
                            + "webhook-signature: v1,AAAA\r\n\r\n{\"action\":").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    slow.add(socket);
                }
                report.put("withSlowBodies", measure(http, calls, requests));
                int answered = 0;
                for (Socket s : slow) {
                    answered += s.getInputStream().available() > 0 ? 1 : 0;
                }
                report.put("slowConnectionsAnsweredDuringMeasure", answered);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
            report.put("gatewayLogErrors", EngineBenchmark.countLogLines(gateway.log(), "ERROR"));
        }
        report.put("loadAverageAtEnd", EngineBenchmark.loadAverage());
        write(results, report);
    }

    private static Map<String, Object> measure(HttpClient http, List<HttpRequest> calls, int requests) throws Exception {
        long[] millis = new long[requests];
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            HttpResponse<Void> response = http.send(calls.get(i % calls.size()), HttpResponse.BodyHandlers.discarding());
            millis[i] = (System.nanoTime() - started) / 1_000;
            failed += response.statusCode() == 200 ? 0 : 1;
        }
        Arrays.sort(millis);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requests", requests);
        r.put("failed", failed);
        r.put("p50Ms", millis[requests / 2] / 1000.0);
        r.put("p99Ms", millis[(int) Math.ceil(requests * 0.99) - 1] / 1000.0);
        r.put("maxMs", millis[requests - 1] / 1000.0);
        r.put("percentileCurveMs", Charts.curve(Arrays.stream(millis).map(micros -> micros * 1_000).toArray()));
        System.out.println(r);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void write(Path dir, Map<String, Object> r) throws Exception {
        Map<String, Object> alone = (Map<String, Object>) r.get("alone");
        Map<String, Object> flooded = (Map<String, Object>) r.get("withSlowBodies");
        StringBuilder md = new StringBuilder("# API and readiness while action-hook bodies trickle in\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %s cores (Java %s), load average at start %s, at end %s. One gateway "
                        + "(`-Xmx256m`, embedded PostgreSQL, defaults but the tenant rate limit); %s loopback connections each send a "
                        + "signed-looking action-hook request head and 10 of its 1,000 body bytes, then wait. `GET /v1/users` and "
                        + "`GET /q/health/ready` are called in turn, one at a time, %s calls per measure.%n%n", r.get("startedAt"),
                r.get("cores"), r.get("java"), r.get("loadAverageAtStart"), r.get("loadAverageAtEnd"), r.get("slowConnections"),
                alone.get("requests")));
        md.append("| Measure | p50 | p99 | max | failed | Target |\n|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| Alone | %s ms | %s ms | %s ms | %s | |%n", alone.get("p50Ms"), alone.get("p99Ms"),
                alone.get("maxMs"), alone.get("failed")));
        md.append(String.format(Locale.ROOT, "| With %s slow hook bodies in flight | %s ms | %s ms | %s ms | %s | p99 < 100 ms |%n",
                r.get("slowConnections"), flooded.get("p50Ms"), flooded.get("p99Ms"), flooded.get("maxMs"), flooded.get("failed")));
        md.append(String.format(Locale.ROOT, "%nSlow connections answered before the measure ended: %s (the body deadline is 10 s). "
                + "Gateway ERROR log lines: %s.%n", r.get("slowConnectionsAnsweredDuringMeasure"), r.get("gatewayLogErrors")));
        md.append(BenchCharts.hooks(dir, r));
        Files.writeString(dir.resolve("hooks.md"), md.toString());
        Files.writeString(dir.resolve("hooks.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        System.out.println(md);
    }
}
