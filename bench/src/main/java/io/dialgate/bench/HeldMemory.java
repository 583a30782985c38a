package io.dialgate.bench;

import io.dialgate.testsupport.AppProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Samples, once a second while users are being taken on, how many polls are held against the gateway's
 * memory: resident set size (from {@code /proc}) and heap in use (from its {@code jvm_memory_used_bytes}
 * metric, young generation included, so it saws up and down between collections).
 */
final class HeldMemory {

    private final AppProcess gateway;
    private final Callable<Integer> held;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<double[]> samples = new ArrayList<>();
    private final Thread thread;

    private HeldMemory(AppProcess gateway, Callable<Integer> held) {
        this.gateway = gateway;
        this.held = held;
        this.thread = new Thread(this::sample, "held-memory-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling; {@code held} counts the polls held now (e.g. the simulator's {@code heldPolls}). */
    static HeldMemory start(AppProcess gateway, Callable<Integer> held) {
        HeldMemory sampler = new HeldMemory(gateway, held);
        sampler.thread.start();
        return sampler;
    }

    /** Stops sampling; the samples as {@code heldPolls}, {@code rssMb}, {@code heapUsedMb} lists for the JSON report. */
    Map<String, List<Double>> stop() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, List<Double>> r = new LinkedHashMap<>();
        r.put("heldPolls", new ArrayList<>());
        r.put("rssMb", new ArrayList<>());
        r.put("heapUsedMb", new ArrayList<>());
        synchronized (samples) {
            for (double[] s : samples) {
                r.get("heldPolls").add(s[0]);
                r.get("rssMb").add(s[1]);
                r.get("heapUsedMb").add(s[2]);
            }
        }
        return r;
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                double[] s = {held.call(), EngineBenchmark.rssMb(gateway.pid()), heapUsedMb()};
                synchronized (samples) {
                    samples.add(s);
                }
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // A sample missed (e.g. the metrics endpoint answered slowly) leaves a gap, not a failed benchmark.
            }
        }
    }

    private double heapUsedMb() throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/q/metrics")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double bytes = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(bytes / 1024 / 1024 * 10) / 10.0;
    }
}
