package io.dialgate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which charts each benchmark writes, from the figures in its report (the same map its JSON is written
 * from). Each method returns the markdown that shows its charts, for the benchmark to append to its
 * result file. A figure missing from a report (an older or a partial run) leaves its chart out.
 */
final class BenchCharts {

    private BenchCharts() {
    }

    /** Latency distributions, deliveries per second in both bursts, and held users against the gateway's memory. */
    @SuppressWarnings("unchecked")
    static String engine(Path dir, Map<String, Object> r) {
        StringBuilder md = new StringBuilder("\n");
        Map<String, List<List<Double>>> curves = new LinkedHashMap<>();
        addCurve(curves, r.get("latency"), "B: only the changing users held");
        addCurve(curves, r.get("latencyAllHeld"), "A: every user held");
        if (!curves.isEmpty()) {
            Charts.latency(dir.resolve("engine-latency.png"), "Change-to-webhook latency", curves);
            md.append("![Change-to-webhook latency by percentile](engine-latency.png)\n\n");
        }
        Map<String, List<Number>> bursts = new LinkedHashMap<>();
        addSeries(bursts, r.get("burstLive"), "deliveriesPerSecondSeries", "live burst");
        addSeries(bursts, r.get("burstBacklog"), "deliveriesPerSecondSeries", "backlog drained");
        if (!bursts.isEmpty()) {
            Charts.perSecond(dir.resolve("engine-burst.png"), "Webhooks received per second, " + r.get("users")
                    + " users changing at once", "webhooks received", bursts);
            md.append("![Webhooks received per second in the live and the backlog burst](engine-burst.png)\n\n");
        }
        if (r.get("heldAgainstMemoryA") instanceof Map<?, ?> m) {
            Map<String, List<Double>> samples = (Map<String, List<Double>>) m;
            List<Double> held = samples.get("heldPolls");
            Map<String, List<double[]>> lines = new LinkedHashMap<>();
            lines.put("resident set size (MB)", pairs(held, samples.get("rssMb")));
            lines.put("heap in use (MB)", pairs(held, samples.get("heapUsedMb")));
            Charts.lines(dir.resolve("engine-memory.png"), "Gateway memory while it takes on " + r.get("users") + " users",
                    "polls held", "MB", lines, List.of());
            md.append("![Gateway memory against held polls](engine-memory.png)\n\n");
        }
        return md.toString();
    }

    /** The fast endpoint's latency alone and beside the slow one. */
    static String isolation(Path dir, Map<String, Object> r) {
        Map<String, List<List<Double>>> curves = new LinkedHashMap<>();
        addCurve(curves, r.get("alone"), "fast endpoint alone");
        addCurve(curves, r.get("beside"), "beside an endpoint answering after 20 s");
        if (curves.isEmpty()) {
            return "";
        }
        Charts.latency(dir.resolve("isolation-latency.png"), "Change-to-webhook latency of the fast endpoint", curves);
        return "\n![Latency of the fast endpoint alone and beside the slow one](isolation-latency.png)\n";
    }

    /** API latency alone and while slow hook bodies trickle in. */
    static String hooks(Path dir, Map<String, Object> r) {
        Map<String, List<List<Double>>> curves = new LinkedHashMap<>();
        addCurve(curves, r.get("alone"), "alone");
        addCurve(curves, r.get("withSlowBodies"), "with slow hook bodies in flight");
        if (curves.isEmpty()) {
            return "";
        }
        Charts.latency(dir.resolve("hooks-latency.png"), "API latency while action-hook bodies trickle in", curves);
        return "\n![API latency alone and with slow hook bodies](hooks-latency.png)\n";
    }

    /**
     * Commands: each scenario's latency distribution over all its rounds, and its throughput round by round
     * (the rounds alternate the scenarios, so a slow spell of the machine shows as a dip across them).
     */
    static String commands(Path dir, String name, Map<String, List<long[]>> latencies, Map<String, List<Double>> throughput) {
        Map<String, List<List<Double>>> curves = new LinkedHashMap<>();
        latencies.forEach((scenario, rounds) -> curves.put(scenario,
                Charts.curve(rounds.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray())));
        Charts.latency(dir.resolve(name + "-latency.png"), "Command latency, gateway and direct", curves);
        List<String> categories = new ArrayList<>();
        int rounds = throughput.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 1; i <= rounds; i++) {
            categories.add("round " + i);
        }
        Map<String, List<? extends Number>> bars = new LinkedHashMap<>(throughput);
        Charts.bars(dir.resolve(name + "-throughput.png"), "Requests per second, round by round", "requests/s", categories, bars);
        return "\n![Command latency by percentile](" + name + "-latency.png)\n\n![Requests per second per round](" + name
                + "-throughput.png)\n";
    }

    /** The simulator: memory at each number of held polls, and usersSession throughput against WireMock per concurrency. */
    static String simulator(Path dir, List<SimulatorBenchmark.Memory> memory, List<SimulatorBenchmark.Throughput> throughput) {
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        lines.put("heap used after a full GC (MB)", memory.stream()
                .map(m -> new double[] {m.heldPolls(), Math.round(m.heapUsedAfterGcKb() / 102.4) / 10.0}).toList());
        lines.put("resident set size (MB)", memory.stream()
                .map(m -> new double[] {m.heldPolls(), Math.round(m.rssKb() / 102.4) / 10.0}).toList());
        Charts.lines(dir.resolve("simulator-memory.png"), "Simulator memory against held long polls", "polls held", "MB", lines,
                List.of());
        List<String> levels = throughput.stream().map(t -> t.concurrency() + " clients").distinct().toList();
        Map<String, List<? extends Number>> bars = new LinkedHashMap<>();
        for (String server : throughput.stream().map(SimulatorBenchmark.Throughput::server).distinct().toList()) {
            bars.put(server, levels.stream().map(level -> throughput.stream()
                    .filter(t -> t.server().equals(server) && (t.concurrency() + " clients").equals(level))
                    .mapToDouble(t -> Math.round(t.perSecond())).findFirst().orElse(0)).toList());
        }
        Charts.bars(dir.resolve("simulator-throughput.png"), "usersSession.json requests per second", "requests/s", levels, bars);
        return "\n![Simulator memory against held polls](simulator-memory.png)\n\n"
                + "![usersSession.json throughput, simulator and WireMock](simulator-throughput.png)\n";
    }

    @SuppressWarnings("unchecked")
    private static void addCurve(Map<String, List<List<Double>>> curves, Object part, String label) {
        if (part instanceof Map<?, ?> m && m.get("percentileCurveMs") instanceof List<?> curve && !curve.isEmpty()) {
            curves.put(label, (List<List<Double>>) curve);
        }
    }

    @SuppressWarnings("unchecked")
    private static void addSeries(Map<String, List<Number>> series, Object part, String key, String label) {
        if (part instanceof Map<?, ?> m && m.get(key) instanceof List<?> values && !values.isEmpty()) {
            series.put(label, (List<Number>) values);
        }
    }

    private static List<double[]> pairs(List<Double> x, List<Double> y) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            points.add(new double[] {x.get(i), y.get(i)});
        }
        return points;
    }
}
