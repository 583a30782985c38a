package io.dialgate.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Activities: calls, SMS, closing, reads. Creates (dial, SMS) are never retried automatically;
 * reads are, per the retry policy in the README.
 */
public final class Activities {

    private static final String ENDPOINT = "activities";

    private final Transport transport;
    private final AccessToken token;
    private final Records<Activity> records;

    Activities(Transport transport, AccessToken token) {
        this.transport = transport;
        this.token = token;
        this.records = new Records<>(transport, token, ENDPOINT, Activity::from);
    }

    /** Dialling. */
    public Calls call() {
        return new Calls(transport, token);
    }

    /** Sends an SMS through an SMS queue; returns the new SMS activity. Never retried. */
    public Activity sms(String number, String queue, String text) {
        return smsAsync(number, queue, text).await().indefinitely();
    }

    /** {@link #sms(String, String, String)} without blocking; never retried. */
    public Uni<Activity> smsAsync(String number, String queue, String text) {
        ObjectNode body = Json.object();
        body.put("number", Objects.requireNonNull(number, "number"));
        body.put("type", "SMS");
        body.put("queue", Objects.requireNonNull(queue, "queue"));
        body.put("text", Objects.requireNonNull(text, "text"));
        return transport.send(Request.create(ENDPOINT, body), token).map(Activity::from);
    }

    /** Closes an activity ({@code PUT activities/{name}.json {action: CLOSE}}); returns it closed. */
    public Activity close(String name) {
        return closeAsync(name).await().indefinitely();
    }

    /** {@link #close(String)} without blocking. */
    public Uni<Activity> closeAsync(String name) {
        ObjectNode body = Json.object();
        body.put("action", "CLOSE");
        return transport.send(Request.command("PUT", ENDPOINT, Objects.requireNonNull(name, "name"), body), token)
                .map(Activity::from);
    }

    /** @throws DaktelaNotFoundException when there is no such activity */
    public Activity get(String name) {
        return records.get(name);
    }

    /** {@link #get(String)} without blocking. */
    public Uni<Activity> getAsync(String name) {
        return records.getAsync(name);
    }

    /** One page of activities. */
    public Page<Activity> list(ListQuery query) {
        return records.list(query);
    }

    /** {@link #list(ListQuery)} without blocking. */
    public Uni<Page<Activity>> listAsync(ListQuery query) {
        return records.listAsync(query);
    }

    /** Every matching activity, page by page; see {@link Records#all(ListQuery)}. */
    public Iterable<Activity> all(ListQuery query) {
        return records.all(query);
    }

    /** {@link #all(ListQuery)} as a sequential, lazy stream. */
    public Stream<Activity> stream(ListQuery query) {
        return records.stream(query);
    }

    /**
     * A call by its {@code id_call} ({@code activitiesCall/{id}.json}).
     *
     * @throws DaktelaNotFoundException when there is no such call
     */
    public CallRecord call(String idCall) {
        return callAsync(idCall).await().indefinitely();
    }

    /** {@link #call(String)} without blocking. */
    public Uni<CallRecord> callAsync(String idCall) {
        return transport.send(Request.read("activitiesCall", Objects.requireNonNull(idCall, "idCall"), null), token)
                .map(CallRecord::from);
    }
}
