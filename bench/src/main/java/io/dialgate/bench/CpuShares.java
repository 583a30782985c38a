package io.dialgate.bench;

import io.dialgate.testsupport.AppProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's cores went during a measurement: each benchmarked process's CPU (gateway, its embedded
 * PostgreSQL, simulator, and this benchmark process with its client and webhook receiver), the machine's busy share
 * from {@code /proc/stat}, and the CPU each process spent per item (event, change). When every process shares two
 * cores, a figure that misses its target while the machine is nearly all busy is limited by CPU, and the per-item
 * costs say whose.
 */
final class CpuShares {

    private final AppProcess gateway;
    private final AppProcess simulator;
    private final long gateway0;
    private final long database0;
    private final long simulator0;
    private final long benchmark0;
    private final long[] machine0;
    private final long startNanos;

    private CpuShares(AppProcess gateway, AppProcess simulator) throws IOException {
        this.gateway = gateway;
        this.simulator = simulator;
        this.gateway0 = ProcessCpu.ticks(gateway.pid());
        this.database0 = ProcessCpu.databaseTicks(gateway);
        this.simulator0 = ProcessCpu.ticks(simulator.pid());
        this.benchmark0 = ProcessCpu.ticks(ProcessHandle.current().pid());
        this.machine0 = machineTicks();
        this.startNanos = System.nanoTime();
    }

    static CpuShares start(AppProcess gateway, AppProcess simulator) throws IOException {
        return new CpuShares(gateway, simulator);
    }

    /**
     * Ends the window: percent of one core per process, the machine's busy percent of all its cores, and CPU
     * milliseconds per item ({@code items} events or changes handled in the window; none: no per-item figures).
     */
    Map<String, Object> stop(long items) throws IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long[] machine = machineTicks();
        Map<String, Long> used = new LinkedHashMap<>();
        used.put("gateway", ProcessCpu.ticks(gateway.pid()) - gateway0);
        used.put("database", ProcessCpu.databaseTicks(gateway) - database0);
        used.put("simulator", ProcessCpu.ticks(simulator.pid()) - simulator0);
        used.put("benchmark", ProcessCpu.ticks(ProcessHandle.current().pid()) - benchmark0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("windowSeconds", Math.round(seconds * 100) / 100.0);
        Map<String, Object> percent = new LinkedHashMap<>();
        Map<String, Object> perItem = new LinkedHashMap<>();
        used.forEach((process, ticks) -> {
            double cpuSeconds = (double) ticks / ProcessCpu.CLOCK_TICKS_PER_SECOND;
            percent.put(process, Math.round(10000.0 * cpuSeconds / seconds) / 100.0);
            if (items > 0) {
                perItem.put(process, Math.round(1_000_000.0 * cpuSeconds / items) / 1000.0);
            }
        });
        r.put("percentOfOneCore", percent);
        if (items > 0) {
            r.put("items", items);
            r.put("cpuMsPerItem", perItem);
        }
        long total = machine[0] - machine0[0];
        long busy = total - (machine[1] - machine0[1]);
        r.put("machineBusyPercent", total == 0 ? 0.0 : Math.round(1000.0 * busy / total) / 10.0);
        return r;
    }

    /** One line for a results page: "gateway 80 %, PostgreSQL 60 % ... of one core; machine 97 % busy; per event ...". */
    @SuppressWarnings("unchecked")
    static String describe(Map<String, Object> shares, String item) {
        if (shares == null) {
            return "not measured";
        }
        Map<String, Object> percent = (Map<String, Object>) shares.get("percentOfOneCore");
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT,
                "gateway %s %%, its PostgreSQL %s %%, simulator %s %%, benchmark client and receiver %s %% of one core over %s s; "
                        + "the machine's cores %s %% busy", percent.get("gateway"), percent.get("database"), percent.get("simulator"),
                percent.get("benchmark"), shares.get("windowSeconds"), shares.get("machineBusyPercent")));
        Map<String, Object> perItem = (Map<String, Object>) shares.get("cpuMsPerItem");
        if (perItem != null) {
            s.append(String.format(java.util.Locale.ROOT, "; CPU per %s: gateway %s ms, PostgreSQL %s ms, simulator %s ms, benchmark %s ms",
                    item, perItem.get("gateway"), perItem.get("database"), perItem.get("simulator"), perItem.get("benchmark")));
        }
        return s.toString();
    }

    /** All and idle (idle + iowait) clock ticks of the machine, from the first line of {@code /proc/stat}. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                all += Long.parseLong(f[i]);
            }
            return new long[] {all, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
