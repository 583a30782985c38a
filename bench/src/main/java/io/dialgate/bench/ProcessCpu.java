package io.dialgate.bench;

import io.dialgate.testsupport.AppProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time of the benchmarked processes, from {@code /proc/<pid>/stat} (Linux). */
final class ProcessCpu {

    static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ProcessCpu() {
    }

    /** utime + stime of one process, in clock ticks. */
    static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
    }

    /**
     * CPU ticks of the gateway's embedded PostgreSQL: the postmaster started with a data directory in the
     * gateway's work directory (it is detached from the gateway process) and its server processes.
     */
    static long databaseTicks(AppProcess gateway) {
        String dir = gateway.log().getParent().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dir)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .mapToLong(p -> {
                    try {
                        return ticks(p.pid());
                    } catch (IOException e) {
                        return 0; // exited meanwhile
                    }
                }).sum();
    }
}
