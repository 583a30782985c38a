package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads of one Daktela list endpoint ({@code pauses}, {@code queues}, {@code users},
 * {@code realtimeSessions}): a page, one record, or every page. One generic facade instead of four
 * identical ones keeps the public surface small.
 *
 * <p>Blocking methods must not be called on an event-loop thread; use the {@code Async} variants there.
 */
public final class Records<T> {

    private final Transport transport;
    private final AccessToken token;
    private final String endpoint;
    private final Function<JsonNode, T> mapper;

    Records(Transport transport, AccessToken token, String endpoint, Function<JsonNode, T> mapper) {
        this.transport = transport;
        this.token = token;
        this.endpoint = endpoint;
        this.mapper = mapper;
    }

    /** One page. */
    public Page<T> list(ListQuery query) {
        return listAsync(query).await().indefinitely();
    }

    /** One page, without blocking. */
    public Uni<Page<T>> listAsync(ListQuery query) {
        Objects.requireNonNull(query, "query");
        return transport.send(Request.read(endpoint, null, query.toQueryParams()), token)
                .map(r -> Paging.page(r, mapper));
    }

    /**
     * One record by its name.
     *
     * @throws DaktelaNotFoundException when there is no such record
     */
    public T get(String name) {
        return getAsync(name).await().indefinitely();
    }

    /** One record by its name, without blocking. */
    public Uni<T> getAsync(String name) {
        Objects.requireNonNull(name, "name");
        return transport.send(Request.read(endpoint, name, null), token).map(mapper);
    }

    /**
     * Every record matching the query, from {@code query.skip()} on, fetched lazily page by page
     * ({@code query.take()} per page; use 1000 for big lists). Each iteration starts over.
     */
    public Iterable<T> all(ListQuery query) {
        return Paging.all(query, this::list);
    }

    /** {@link #all(ListQuery)} as a sequential, lazy stream. */
    public Stream<T> stream(ListQuery query) {
        return Paging.stream(query, this::list);
    }
}
