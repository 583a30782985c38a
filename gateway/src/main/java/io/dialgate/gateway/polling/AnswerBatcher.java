package io.dialgate.gateway.polling;

import io.dialgate.client.PullData;
import io.dialgate.gateway.database.DatabaseAvailability;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Records one replica's poll answers in batches: the answers that arrive while earlier ones are being written
 * are written together, up to {@code dialgate.polling.record-batch-size} in one transaction
 * ({@link StateRecorder#recordAll}), by at most {@code dialgate.polling.record-concurrency} writers at once. When
 * a burst of changes comes in, a transaction per answer made the commit the limit; in a batch the commit and
 * the statements are shared.
 *
 * <p>Group commit, written by hand rather than with a time window ({@code Multi.group().intoLists().of(n,
 * window)}): a window holds every answer back for its length even when the database is idle, adding to the
 * change-to-webhook latency of the common case, a single change; here an answer waits only for the write in
 * progress, and a lone answer is written at once.
 *
 * <p>A user's answers are recorded in order: its loop sends the next poll only once its answer is recorded,
 * and should two answers of one user be queued at once (a loop restarted for a new token while its old one's
 * answer waits) the later goes into a later batch. When a batch's transaction fails, nothing of it is written;
 * each of its answers is then recorded in a transaction of its own, so that one bad answer fails alone (a
 * database outage fails them all at once, without a try each). Each answer's result, or failure, completes
 * the stage {@link #submit} returned.
 */
final class AnswerBatcher {

    private static final Logger LOG = Logger.getLogger(AnswerBatcher.class);

    private final String replica;
    private final StateRecorder recorder;
    private final int maxBatch;
    private final int maxWriters;
    private final Executor executor;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger writers = new AtomicInteger();
    private final Object taking = new Object();

    /**
     * @param executor runs the writers, which block on the database (the worker pool)
     */
    AnswerBatcher(String replica, StateRecorder recorder, int maxBatch, int maxWriters, Executor executor) {
        if (maxBatch < 1 || maxWriters < 1) {
            throw new IllegalArgumentException("record-batch-size and record-concurrency must be at least 1");
        }
        this.replica = replica;
        this.recorder = recorder;
        this.maxBatch = maxBatch;
        this.maxWriters = maxWriters;
        this.executor = executor;
    }

    private record Pending(StateRecorder.Answer answer, CompletableFuture<StateRecorder.Outcome> result) {
    }

    /** Queues an answer; the stage completes once it is recorded (or could not be), on the writer's thread. */
    CompletionStage<StateRecorder.Outcome> submit(PollTarget target, PullData data) {
        Pending pending = new Pending(new StateRecorder.Answer(target, data), new CompletableFuture<>());
        queue.add(pending);
        startWriterIfRoom();
        return pending.result();
    }

    private void startWriterIfRoom() {
        while (!queue.isEmpty()) {
            int running = writers.get();
            if (running >= maxWriters) {
                return;
            }
            if (writers.compareAndSet(running, running + 1)) {
                try {
                    executor.execute(this::writeUntilEmpty);
                } catch (RuntimeException e) {
                    writers.decrementAndGet();
                    throw e;
                }
                return;
            }
        }
    }

    private void writeUntilEmpty() {
        try {
            for (List<Pending> batch = take(); !batch.isEmpty(); batch = take()) {
                write(batch);
            }
        } finally {
            writers.decrementAndGet();
            // An answer queued after the last take found the queue empty, but before this writer counted itself out.
            startWriterIfRoom();
        }
    }

    /** The next batch: queued answers in arrival order, up to the size limit, stopping before a user's second answer. */
    private List<Pending> take() {
        synchronized (taking) {
            List<Pending> batch = new ArrayList<>();
            Set<String> users = new HashSet<>();
            for (Pending next = queue.peek(); next != null && batch.size() < maxBatch; next = queue.peek()) {
                if (!users.add(next.answer().target().userId())) {
                    break;
                }
                batch.add(queue.poll());
            }
            return batch;
        }
    }

    private void write(List<Pending> batch) {
        List<StateRecorder.Outcome> outcomes;
        try {
            outcomes = recorder.recordAll(replica, batch.stream().map(Pending::answer).toList());
        } catch (Throwable e) {
            // Every answer's stage must complete, whatever happened: its loop waits for it before polling again.
            if (batch.size() == 1 || !(e instanceof RuntimeException) || DatabaseAvailability.isOutage(e)) {
                batch.forEach(p -> p.result().completeExceptionally(e));
                return;
            }
            LOG.debugf(e, "Could not record a batch of %d poll answers; recording them one by one", batch.size());
            batch.forEach(this::writeAlone);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outcomes.get(i));
        }
    }

    private void writeAlone(Pending pending) {
        StateRecorder.Answer answer = pending.answer();
        try {
            pending.result().complete(recorder.recordAll(replica, List.of(answer)).get(0));
        } catch (Throwable e) {
            pending.result().completeExceptionally(e);
        }
    }
}
