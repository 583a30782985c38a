-- One reader per replica follows the events of every tenant with an open SSE stream, in commit order.
CREATE INDEX event_position ON event (txid, id);
