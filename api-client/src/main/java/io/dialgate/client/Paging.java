package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** List pages: parsing and lazy iteration over all pages. */
final class Paging {

    private Paging() {
    }

    /** A page from a list {@code result}: {@code data} as array or name-keyed object, {@code total} number, string or null. */
    static <T> Page<T> page(JsonNode result, Function<JsonNode, T> mapper) {
        if (result == null || result.isNull()) {
            return new Page<>(List.of(), 0);
        }
        JsonNode data = result.isArray() ? result : result.get("data");
        List<T> items = Json.list(data, mapper);
        long total = Json.optLong(result.isArray() ? null : result.get("total")).orElse(-1L);
        return new Page<>(items, total, result.isArray() ? java.util.Optional.empty() : Json.time(result, Envelope.SERVER_TIME));
    }

    /**
     * Pages lazily from {@code query.skip()}. With a known total it reads until {@code skip >= total}
     * (so a server that serves smaller pages than asked still yields everything); without one it
     * stops on a short or empty page, as Daktela's own connectors do.
     */
    static <T> Iterable<T> all(ListQuery query, Function<ListQuery, Page<T>> fetch) {
        return () -> new Iterator<>() {
            private int skip = query.skip();
            private Iterator<T> current = List.<T>of().iterator();
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !last) {
                    Page<T> page = fetch.apply(query.withSkip(skip));
                    skip += page.data().size();
                    current = page.data().iterator();
                    last = page.data().isEmpty()
                            || (page.totalKnown() ? skip >= page.total() : page.data().size() < query.take());
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    static <T> Stream<T> stream(ListQuery query, Function<ListQuery, Page<T>> fetch) {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(all(query, fetch).iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }
}
