package io.dialgate.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a test report needs when an app did not become ready: its threads (where it is stuck) and the end
 * of its log, both in the failure message, because a CI run keeps the console output and not the files.
 */
final class StartDiagnosis {

    private static final int LOG_LINES = 60;

    private StartDiagnosis() {
    }

    static String of(Process process, Path log) {
        Path threads = log.resolveSibling("threads.txt");
        String dump = threadDump(process, threads);
        return "threads (full dump in " + threads + "):\n" + dump + "\nlast " + LOG_LINES + " lines of " + log + ":\n" + tail(log);
    }

    /** The app's thread stacks as jcmd prints them (all of them in {@code file}), cut to those {@link #busyThreads} keeps. */
    private static String threadDump(Process process, Path file) {
        if (!process.isAlive()) {
            return "(the process has exited)";
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return "(jcmd did not answer within 30 s)";
            }
            return busyThreads(Files.readAllLines(file));
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Threads that are running or blocked, or waiting in application or start-up code: the parked pool threads say nothing. */
    private static String busyThreads(List<String> dump) {
        StringBuilder busy = new StringBuilder();
        StringBuilder current = new StringBuilder();
        for (String line : dump) {
            if (line.isBlank()) {
                appendIfBusy(busy, current.toString());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        appendIfBusy(busy, current.toString());
        return busy.isEmpty() ? String.join("\n", dump) : busy.toString();
    }

    private static void appendIfBusy(StringBuilder busy, String thread) {
        boolean interesting = thread.startsWith("\"") && (thread.contains("State: RUNNABLE") || thread.contains("State: BLOCKED")
                || thread.contains("io.dialgate") || thread.contains("io.quarkus.runtime.Application")
                || thread.contains("io.zonky") || thread.contains("flyway"));
        if (interesting && !thread.contains("sun.nio.ch.EPoll.wait") && !thread.contains("Reference Handler")
                && !thread.contains("Signal Dispatcher") && !thread.contains("\"Attach Listener\"")) {
            busy.append(thread).append('\n');
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
