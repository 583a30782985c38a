-- W3C trace context (traceparent: 00-<trace id>-<span id>-<flags>) carried across the outbox, so that the
-- dispatcher, which sends later and maybe on another replica, starts each attempt's span in the trace of the
-- event. Null when tracing was off at the time.
ALTER TABLE event ADD COLUMN traceparent text;
ALTER TABLE webhook_delivery ADD COLUMN traceparent text;
-- The trace of the attempt's own span, shown in the delivery history.
ALTER TABLE delivery_attempt ADD COLUMN trace_id text;
-- A command sent as the user (queue login, call) leaves its trace context here until the poll answer that
-- sees its effect continues that trace, or until command_trace_until passes.
ALTER TABLE user_state ADD COLUMN command_traceparent text;
ALTER TABLE user_state ADD COLUMN command_trace_until timestamptz;
