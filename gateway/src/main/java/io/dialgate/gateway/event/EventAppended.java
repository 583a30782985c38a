package io.dialgate.gateway.event;

/**
 * Fired synchronously, inside the transaction that stored {@code event}: observers (the webhook
 * fan-out) write their rows in that same transaction, so an event and its deliveries commit together.
 */
public record EventAppended(Event event) {
}
