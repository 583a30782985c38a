package io.dialgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialgate.simulator.client.SimulatorProcess;
import io.dialgate.simulator.client.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long the simulator testing kit takes to start a simulator, as a test suite meets it: from launching the
 * child process to its first ready answer, with and without the class-data archive the kit records on a first
 * start, with the simulator's CPU time until ready (from {@code /proc}, less sensitive to other load than the
 * wall time). Reproduce: {@code bench/run simulator-start [starts-per-mode]}.
 */
public final class SimulatorStartBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SWITCH = "dialgate.simulator.class-data-sharing";

    private SimulatorStartBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main(SimulatorStartBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, Object> report = BenchRun.report();
        SimulatorSettings settings = SimulatorSettings.forTests();

        System.setProperty(SWITCH, "false");
        List<Sample> plain = measure(settings, starts);
        System.setProperty(SWITCH, "true");
        // One start that records the archive (or finds one a test run left), then the measured ones that map it.
        try (SimulatorProcess recorder = SimulatorProcess.start(settings)) {
            System.out.printf("archive recorder ready in %d ms%n", recorder.startTime().toMillis());
        }
        List<Sample> archived = measure(settings, starts);
        report.put("loadAverageAtEnd", EngineBenchmark.loadAverage());
        report.put("withoutArchive", plain);
        report.put("withArchive", archived);

        StringBuilder md = new StringBuilder("# Simulator start (testing kit)\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %s cores (Java %s); load average %s at start, %s at end. "
                + "Each start is `SimulatorProcess.start(SimulatorSettings.forTests())`: a child JVM with `%s`, "
                + "from launch to the first ready answer on `/q/health/ready`. Reproduce: `bench/run simulator-start [starts-per-mode]`.%n%n",
                report.get("startedAt"), report.get("cores"), report.get("java"), report.get("loadAverageAtStart"),
                report.get("loadAverageAtEnd"), String.join(" ", SimulatorSettings.TEST_JVM_OPTIONS)));
        md.append("Target: under 2 s to ready on this machine.\n\n");
        md.append("| Mode | Starts | Wall time to ready (ms), each | median (ms) | CPU of the simulator until ready (ms), each |\n|---|---|---|---|---|\n");
        row(md, "without the class-data archive", plain);
        row(md, "with the class-data archive", archived);
        Path dir = BenchRun.results();
        Files.writeString(dir.resolve("simulator-start.md"), md.toString());
        Files.writeString(dir.resolve("simulator-start.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.print(md);
    }

    private static List<Sample> measure(SimulatorSettings settings, int starts) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            try (SimulatorProcess sim = SimulatorProcess.start(settings)) {
                long cpuMs = ProcessCpu.ticks(sim.pid()) * 1000 / ProcessCpu.CLOCK_TICKS_PER_SECOND;
                samples.add(new Sample(sim.startTime().toMillis(), cpuMs, sim.usedClassDataArchive()));
            }
        }
        return samples;
    }

    private static void row(StringBuilder md, String mode, List<Sample> samples) {
        List<Long> walls = samples.stream().map(Sample::wallMs).sorted().toList();
        md.append("| ").append(mode).append(" | ").append(samples.size()).append(" | ")
                .append(String.join(", ", samples.stream().map(s -> String.valueOf(s.wallMs())).toList())).append(" | ")
                .append(walls.get(walls.size() / 2)).append(" | ")
                .append(String.join(", ", samples.stream().map(s -> String.valueOf(s.cpuMs())).toList())).append(" |\n");
    }

    record Sample(long wallMs, long cpuMs, boolean mappedArchive) {
    }
}
