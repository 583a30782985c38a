package io.dialgate.gateway.launch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Who owns an embedded database's data directory. A gateway holds an operating-system lock on
 * {@code <dataDir>.owner.lock} for as long as it lives; the kernel drops the lock when the process dies,
 * even by {@code kill -9}. So at start-up:
 * <ul>
 * <li>the lock is taken: another live gateway uses the directory, and this one refuses to start;</li>
 * <li>the lock is free but {@code postmaster.pid} names a live PostgreSQL of this directory: that server
 * was left behind by a gateway that crashed (the postmaster is re-parented, not killed, when its parent
 * dies). It is stopped with PostgreSQL's fast shutdown (SIGINT: roll back open transactions, checkpoint,
 * exit), so the new gateway can start its own.</li>
 * </ul>
 * PostgreSQL's own pid-file check cannot tell these cases apart; only the owner lock can.
 */
final class DataDirectoryOwnership {

    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryOwnership(Path dataDir, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the owner lock of {@code dataDir}, or throws a {@link LaunchProblem} when a live gateway holds it.
     * The lock is held until {@link #release()} or the end of the process.
     */
    static DataDirectoryOwnership acquire(Path dataDir) {
        Path lockFile = dataDir.resolveSibling(dataDir.getFileName() + ".owner.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                channel.truncate(0).write(java.nio.ByteBuffer.wrap(
                        (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
                return new DataDirectoryOwnership(dataDir, channel, lock);
            }
        } catch (OverlappingFileLockException sameProcess) {
            // Another database of this very process holds it: just as much "in use".
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LaunchProblem("cannot lock " + lockFile + " (" + e.getMessage() + "); check that DIALGATE_DATA_DIR is writable.");
        }
        closeQuietly(channel);
        throw new LaunchProblem("the embedded database in " + dataDir + " is in use by another running gateway;"
                + " stop the other gateway or set DIALGATE_DATA_DIR to another directory.");
    }

    /**
     * Stops a PostgreSQL server of this directory that outlived its gateway, if there is one. Returns its
     * process id when it stopped one. Call only while holding the lock: then no gateway owns that server.
     */
    Optional<Long> stopLeftoverServer() {
        Optional<ProcessHandle> leftover = leftoverPostmaster();
        if (leftover.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle server = leftover.get();
        if (!signal("INT", server.pid()) || !awaitExit(server, FAST_SHUTDOWN_WAIT)) {
            // Fast shutdown did not finish: a hard stop still leaves a consistent database (WAL replay on start).
            server.destroyForcibly();
            if (!awaitExit(server, KILL_WAIT)) {
                throw new LaunchProblem("a PostgreSQL server left running in " + dataDir + " (pid " + server.pid()
                        + ") did not stop; stop it by hand (kill " + server.pid() + ") and start again.");
            }
        }
        return Optional.of(server.pid());
    }

    /** Releases the lock (tests that start and stop several databases in one process). */
    void release() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel is closed next, which releases the lock anyway.
        }
        closeQuietly(channel);
    }

    /** The postmaster named by the pid file, when it is alive and really serves this directory. */
    private Optional<ProcessHandle> leftoverPostmaster() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        // A stale pid file may name a process id that the system has since given to something else.
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::servesThisDirectory);
    }

    private boolean servesThisDirectory(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            String arguments = Files.readString(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
            return arguments.contains("postgres") && arguments.contains(dataDir.toAbsolutePath().normalize().toString());
        } catch (IOException | RuntimeException noProc) {
            // No /proc (not Linux): trust the command name alone.
            return process.info().command().map(c -> c.contains("postgres")).orElse(false);
        }
    }

    /** Sends a POSIX signal; Java's process API has only SIGTERM and SIGKILL, PostgreSQL's fast shutdown is SIGINT. */
    private static boolean signal(String name, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                process.onExit().get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // A process that is not our child completes onExit only by polling; keep looking.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                return !process.isAlive();
            }
        }
        return !process.isAlive();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to do: the lock goes with the process.
            }
        }
    }
}
