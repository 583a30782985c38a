package io.dialgate.gateway.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Something that happened to a user or a PBX host, derived from state changes. {@code sequence}
 * counts per user (or per host for host events) so consumers can order and spot gaps.
 *
 * <p>Written once, never changed ({@link Immutable}): Hibernate then keeps no copy of each event's data to
 * compare at every flush, which a batch of poll answers, writing hundreds of events in one transaction, paid
 * for on every statement after them.
 */
@Entity
@Immutable
@Table(name = "event")
public class Event {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "pbx_host_id")
    public String pbxHostId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public long sequence;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public ObjectNode data;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** W3C trace context of the event's span, which its delivery attempts continue; null when tracing was off. */
    public String traceparent;
}
