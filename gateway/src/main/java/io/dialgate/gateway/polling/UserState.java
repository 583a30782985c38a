package io.dialgate.gateway.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The last state polling saw for a user, its hash, and the user's event sequence counter. */
@Entity
@Table(name = "user_state")
public class UserState {

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    /** Null until the first snapshot: that one is the baseline and yields no events. */
    public String hash;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public ObjectNode state;

    @Column(name = "last_sequence", nullable = false)
    public long lastSequence;

    @Column(name = "seen_at")
    public Instant seenAt;

    /** Failed polls since the last answered one (the PBX answered with an error); 0 while polling works. */
    @Column(name = "poll_failures", nullable = false)
    public int pollFailures;

    /** The last poll error, kept after the run ends so the API can show what happened last. */
    @Column(name = "poll_error")
    public String pollError;

    @Column(name = "poll_error_at")
    public Instant pollErrorAt;

    /** Start of the current failure run; null while polling works. */
    @Column(name = "poll_failing_since")
    public Instant pollFailingSince;

    /** {@code user.polling_failed} went out for the current failure run. */
    @Column(name = "poll_failure_event_sent", nullable = false)
    public boolean pollFailureEventSent;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The trace context of a command sent as the user, for the poll answer that shows its effect (CommandTraces). */
    @Column(name = "command_traceparent")
    public String commandTraceparent;

    @Column(name = "command_trace_until")
    public Instant commandTraceUntil;
}
