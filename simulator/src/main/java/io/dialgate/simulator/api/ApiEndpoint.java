package io.dialgate.simulator.api;

import io.smallrye.mutiny.Uni;

/**
 * One Daktela endpoint ({@code queues}, {@code activities}, ...). Implementations are beans the
 * {@link ApiRouter} finds by {@link #name()}. They run on the event loop and must not block:
 * everything is in memory, and a held poll returns an unfinished {@link Uni}.
 */
public interface ApiEndpoint {

    /** The endpoint name as in the URL, without {@code .json}. */
    String name();

    /** False for endpoints that answer without a token (login.json, whoim.json). */
    default boolean requiresToken() {
        return true;
    }

    /**
     * False for endpoints that never look at a token ({@code login.json}): a stale token a client still
     * sends must not stop it from logging in again.
     */
    default boolean readsToken() {
        return true;
    }

    /** Relations served as {@code /{endpoint}/{name}/{relation}.json}; none by default. */
    default java.util.Set<String> relations() {
        return java.util.Set.of();
    }

    /** Handles the call or fails with a domain exception. */
    Uni<ApiResult> handle(ApiCall call);
}
