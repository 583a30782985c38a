package io.dialgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every benchmark run starts with: the exit code on failure, the results folder and the machine's state. */
final class BenchRun {

    /** A benchmark's body, which may throw. */
    @FunctionalInterface
    interface Body {
        void run(String[] args) throws Exception;
    }

    private BenchRun() {
    }

    /** Runs the benchmark and exits: 0 when it finished, 1 (with the stack trace) when it failed. */
    static void main(Body body, String[] args) {
        try {
            body.run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** The folder results are written to ({@code -Ddialgate.bench.results}), created if needed. */
    static Path results() throws java.io.IOException {
        return Files.createDirectories(Path.of(System.getProperty("dialgate.bench.results", "bench/results")));
    }

    /** A report opened with when, on what machine and under what load the run started. */
    static Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        report.put("loadAverageAtStart", EngineBenchmark.loadAverage());
        return report;
    }
}
