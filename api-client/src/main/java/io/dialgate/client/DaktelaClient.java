package io.dialgate.client;

import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.util.Map;

/**
 * Daktela v6 as one user (the token's user) on one PBX. Cheap to create and thread-safe: it shares
 * its PBX's connection pools with every other client of the same {@link DaktelaClients}.
 *
 * <p>Every blocking method has a {@code Uni} twin; call blocking methods from worker threads only,
 * never from an event loop. Failures are {@link DaktelaException}s.
 */
public final class DaktelaClient {

    private final URI pbxBaseUrl;
    private final Transport transport;
    private final AccessToken token;

    DaktelaClient(URI pbxBaseUrl, Transport transport, AccessToken token) {
        this.pbxBaseUrl = pbxBaseUrl;
        this.transport = transport;
        this.token = token;
    }

    /** The PBX base URL this client talks to. */
    public URI pbxBaseUrl() {
        return pbxBaseUrl;
    }

    /** Queue login and logout, pauses. */
    public UserSessions userSessions() {
        return new UserSessions(transport, token);
    }

    /** Calls, SMS, closing and reading activities. */
    public Activities activities() {
        return new Activities(transport, token);
    }

    /** Tickets: create, read, list, update, close, comment. */
    public Tickets tickets() {
        return new Tickets(transport, token);
    }

    /** Ticket categories ({@code ticketsCategories.json}). */
    public Records<TicketCategory> ticketCategories() {
        return new Records<>(transport, token, "ticketsCategories", TicketCategory::from);
    }

    /** Ticket statuses ({@code statuses.json}). */
    public Records<TicketStatus> ticketStatuses() {
        return new Records<>(transport, token, "statuses", TicketStatus::from);
    }

    /** Sending SMS. */
    public Sms sms() {
        return new Sms(transport, token);
    }

    /** Pause definitions. */
    public Records<Pause> pauses() {
        return new Records<>(transport, token, "pauses", Pause::from);
    }

    /** Queues. */
    public Records<Queue> queues() {
        return new Records<>(transport, token, "queues", Queue::from);
    }

    /** Users. */
    public Records<User> users() {
        return new Records<>(transport, token, "users", User::from);
    }

    /** Agents' live states. */
    public Records<RealtimeSession> realtimeSessions() {
        return new Records<>(transport, token, "realtimeSessions", RealtimeSession::from);
    }

    /**
     * One long poll of {@code appPullData.json}. With an empty or null hash (or an unknown or stale
     * one) the PBX answers at once with a full snapshot. With the current hash it holds the request
     * until something changes (answering with the changed sections) or its hold time passes
     * (answering with the hash alone). Runs on the long-poll pool with the long-poll timeout.
     *
     * @param hash the hash from the previous answer, or null/empty for a snapshot
     */
    public PullData appPullData(String hash) {
        return appPullDataAsync(hash).await().indefinitely();
    }

    /** {@link #appPullData(String)} without blocking: what a poll loop for many users should use. */
    public Uni<PullData> appPullDataAsync(String hash) {
        return transport.send(Request.longPoll("appPullData", Map.of("hash", hash == null ? "" : hash)), token)
                .map(PullData::from);
    }

    /** The PBX version and the token's user: a cheap token check. */
    public WhoAmI whoAmI() {
        return whoAmIAsync().await().indefinitely();
    }

    /** {@link #whoAmI()} without blocking. */
    public Uni<WhoAmI> whoAmIAsync() {
        return transport.send(Request.read("whoim", null, null), token).map(WhoAmI::from);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "DaktelaClient[pbx=" + pbxBaseUrl + ", token=***]";
    }
}
