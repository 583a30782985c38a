package io.dialgate.gateway.common;

import java.util.List;
import java.util.function.Function;

/**
 * A page of a list endpoint: {@code {data, nextCursor}}. {@code nextCursor} is null on the last page;
 * pass it as {@code ?after=} to get the next one.
 */
public record PageResponse<T>(List<T> data, String nextCursor) {

    /**
     * Builds a page from {@code limit + 1} rows fetched in id order: the extra row only tells that
     * another page exists.
     */
    public static <E, T> PageResponse<T> of(List<E> rows, int limit, Function<E, String> idOf, Function<E, T> toResponse) {
        boolean more = rows.size() > limit;
        List<E> page = more ? rows.subList(0, limit) : rows;
        String next = more ? idOf.apply(page.get(page.size() - 1)) : null;
        return new PageResponse<>(page.stream().map(toResponse).toList(), next);
    }
}
