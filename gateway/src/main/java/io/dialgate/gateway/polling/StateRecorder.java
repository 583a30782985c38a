package io.dialgate.gateway.polling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.client.PullData;
import io.dialgate.gateway.common.UnflushedCommit;
import io.dialgate.gateway.event.AppendBatch;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.dialgate.gateway.pbx.PbxConfig;
import io.dialgate.gateway.tracing.GatewayTracer;
import io.dialgate.gateway.tracing.TraceContext;
import io.dialgate.gateway.tracing.Tracing;
import io.dialgate.gateway.user.TokenInvalidated;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Applies {@code appPullData} answers: merges each into the stored state, derives events from the
 * difference, and stores state, events (and, through the event observers, webhook deliveries) in
 * one transaction, guarded by the poller's lease so two replicas never both write a user. The answers of
 * several users that arrived together, or a single one, per transaction ({@link #recordAll}, see
 * {@link AnswerBatcher}).
 *
 * <p>An answer that makes events gets a span ({@code poll answer}) that is the parent of their spans; it continues
 * the trace of the command that caused the change when one is waiting ({@link CommandTraces}). Answers without
 * events, the great majority (the hold time ran out), make no span: a span per idle poll would cost on every
 * poll of every user and bury the answers that matter.
 */
@ApplicationScoped
public class StateRecorder {

    private static final Logger LOG = Logger.getLogger(StateRecorder.class);

    private final UserStateRepository states;
    private final LeaseStore leases;
    private final EventService events;
    private final Clock clock;
    private final Tracer tracer;
    private final ZoneId pbxZone;
    private final AppendBatch batch;

    public StateRecorder(UserStateRepository states, LeaseStore leases, EventService events, Clock clock, GatewayTracer tracer,
            PbxConfig pbx, AppendBatch batch) {
        this.batch = batch;
        this.tracer = tracer.get();
        this.pbxZone = pbx.timeZone();
        this.states = states;
        this.leases = leases;
        this.events = events;
        this.clock = clock;
    }

    /** What recording did: whether the lease was still held, and how many events it emitted. */
    public record Outcome(boolean leaseHeld, int events) {
    }

    /** One poll answer to record: whose it is and what the PBX said. */
    public record Answer(PollTarget target, PullData data) {
    }

    /**
     * Records the answers of different users (one answer, or several that arrived together) in one transaction,
     * with the statements shared. Unchanged answers (the hold time passed: most of them) are touched in one
     * statement, with nothing to diff and no events; the others' leases are checked and
     * locked in one, their state rows locked (or created) in one, both in user id order so that two such
     * transactions, or one and a lease renewal, cannot deadlock. An answer whose lease this replica no longer
     * holds is not written, and its outcome says so. The outcomes are in the order of {@code answers}.
     * Either every answer is written or, when this throws, none is.
     */
    @Transactional
    public List<Outcome> recordAll(String replica, List<Answer> answers) {
        Outcome[] outcomes = new Outcome[answers.size()];
        Instant now = clock.instant();
        if (answers.stream().map(a -> a.target().userId()).distinct().count() < answers.size()) {
            throw new IllegalArgumentException("One answer per user in a batch: a user's answers are recorded in order, one after the other");
        }
        Map<String, Integer> unchanged = new HashMap<>();
        Map<String, String> unchangedHashes = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            if (!answer.data().hasChanges()) {
                unchanged.put(answer.target().userId(), i);
                unchangedHashes.put(answer.target().userId(), answer.data().hash());
            }
        }
        for (String touched : states.touchAllIfUnchangedAcrossTenants(replica, unchangedHashes, now)) {
            outcomes[unchanged.get(touched)] = new Outcome(true, 0);
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                rest.add(i);
            }
        }
        if (rest.isEmpty()) {
            // Only seen-at times changed: the commit is made asynchronous (synchronous_commit = off, this transaction
            // only). A crash may lose the last few such times, never a state, hash, event or delivery.
            UnflushedCommit.forCurrentTransaction(states.getEntityManager());
            return List.of(outcomes);
        }
        Set<String> held = leases.holdsAndLockAll(replica, rest.stream().map(i -> answers.get(i).target().userId()).toList());
        TreeMap<String, String> tenantOf = new TreeMap<>();
        for (int i : rest) {
            PollTarget target = answers.get(i).target();
            if (held.contains(target.userId())) {
                tenantOf.put(target.userId(), target.tenantId());
            } else {
                outcomes[i] = new Outcome(false, 0);
            }
        }
        Map<String, UserState> rows = states.lockOrCreateAllAcrossTenants(tenantOf, now);
        // The rows of one kind (events, deliveries, states) go to the database together, one statement per kind.
        batch.begin();
        for (int i : rest) {
            if (outcomes[i] == null) {
                Answer answer = answers.get(i);
                outcomes[i] = apply(rows.get(answer.target().userId()), answer.target(), answer.data(), now);
            }
        }
        batch.end();
        states.writeAll(rows.values());
        return List.of(outcomes);
    }

    /** Merges one answer into the user's locked row and appends the events of the difference. */
    private Outcome apply(UserState row, PollTarget target, PullData data, Instant now) {
        boolean baseline = row.hash == null;
        int emitted = 0;
        if (data.hasChanges()) {
            ObjectNode next = AgentState.merge(row.state, data, pbxZone);
            if (!baseline) {
                List<StateDiff.Change> changes = StateDiff.between(row.state, next);
                if (!changes.isEmpty()) {
                    Span span = answerSpan(row, target, changes.size(), now);
                    try (Scope scope = span.makeCurrent()) {
                        for (StateDiff.Change change : changes) {
                            row.lastSequence++;
                            events.append(target.tenantId(), target.userId(), target.pbxHostId(), change.type(), row.lastSequence,
                                    now, change.data());
                        }
                    } finally {
                        span.end();
                    }
                }
                emitted = changes.size();
            }
            row.state = next;
        }
        row.hash = data.hash();
        row.seenAt = now;
        row.pollFailures = 0;
        row.pollFailingSince = null;
        row.pollFailureEventSent = false;
        row.updatedAt = now;
        if (emitted > 0) {
            LOG.debugf("User %s: %d events", target.userId(), emitted);
        }
        return new Outcome(true, emitted);
    }

    /** The user's event stream records a refused token in the transaction that marked it invalid. */
    void onTokenInvalidated(@Observes TokenInvalidated invalidated) {
        appendUserEvent(invalidated.tenantId(), invalidated.userId(), invalidated.pbxHostId(), EventType.USER_TOKEN_INVALID,
                JsonNodeFactory.instance.objectNode().put("login", invalidated.login()).put("detectedBy", invalidated.detectedBy()));
    }

    /** The span of an answer with events: under the waiting command's trace context, which it consumes, else a root. */
    private Span answerSpan(UserState row, PollTarget target, int events, Instant now) {
        Context parent = Context.root();
        if (row.commandTraceparent != null) {
            if (row.commandTraceUntil != null && now.isBefore(row.commandTraceUntil)) {
                parent = TraceContext.parent(row.commandTraceparent);
            }
            row.commandTraceparent = null;
            row.commandTraceUntil = null;
        }
        return tracer.spanBuilder("poll answer")
                .setParent(parent)
                .setAttribute(Tracing.TENANT_ID, target.tenantId())
                .setAttribute(Tracing.USER_ID, target.userId())
                .setAttribute(Tracing.PBX_HOST_ID, target.pbxHostId())
                .setAttribute(Tracing.EVENT_COUNT, (long) events)
                .startSpan();
    }

    /**
     * Appends a user-level event outside polling (token refused, polls failing), with the user's next sequence
     * number; the user's row is locked meanwhile and written back with the new number.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendUserEvent(String tenantId, String userId, String pbxHostId, EventType type, ObjectNode data) {
        Instant now = clock.instant();
        UserState row = states.lockOrCreateAcrossTenants(tenantId, userId, now);
        row.lastSequence++;
        row.updatedAt = now;
        events.append(tenantId, userId, pbxHostId, type, row.lastSequence, now, data);
        states.writeAll(List.of(row));
    }
}
