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
