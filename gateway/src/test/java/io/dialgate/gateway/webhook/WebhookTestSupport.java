package io.dialgate.gateway.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dialgate.gateway.event.Event;
import io.dialgate.gateway.event.EventService;
import io.dialgate.gateway.event.EventType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Appends events the way the poller does: inside a transaction of its own. */
public final class WebhookTestSupport {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private WebhookTestSupport() {
    }

    /** A user id of the right shape that no other test uses (the event table has no FK to users). */
    public static String newUserId() {
        return "usr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26);
    }

    /** Appends an event with a sequence above every earlier one of this JVM (sequences are unique per user). */
    public static Event append(EventService events, String tenantId, String userId, EventType type) {
        long sequence = SEQUENCE.incrementAndGet();
        return QuarkusTransaction.requiringNew().call(() -> events.append(tenantId, userId, null, type, sequence, Instant.now(),
                JsonNodeFactory.instance.objectNode().put("queue", "2000")));
    }
}
