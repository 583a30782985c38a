package io.dialgate.gateway.event;

/**
 * A place in a tenant's event feed in commit order: the writing transaction's id ({@code event.txid}, as
 * text) and the event id within it. Events after a position are those with a greater {@code (txid, id)}.
 */
record FeedPosition(String txid, String eventId) {

    /** Before every event. */
    static final FeedPosition START = new FeedPosition("0", "");

    /** Whether this position comes after {@code other} in commit order. */
    boolean isAfter(FeedPosition other) {
        int byTransaction = Long.compareUnsigned(Long.parseUnsignedLong(txid), Long.parseUnsignedLong(other.txid));
        return byTransaction != 0 ? byTransaction > 0 : eventId.compareTo(other.eventId) > 0;
    }
}
