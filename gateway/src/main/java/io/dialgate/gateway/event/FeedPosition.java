package io.dialgate.gateway.event;

/**
 * A place in a tenant's event feed in commit order: the writing transaction's id ({@code event.txid}, as
 * text) and the event id within it. Events after a position are those with a greater {@code (txid, id)}.
 */
record FeedPosition(String txid, String eventId) {

    /** Before every event. */
    static final FeedPosition START = new FeedPosition("0", "");
}
