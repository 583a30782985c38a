package io.dialgate.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Paging, filters and sort of a list read.
 *
 * <p>Filters and sort go on the wire in Daktela's documented Kendo form ({@code filter[logic]},
 * {@code filter[filters][i][...]}, {@code sort[0][...]}). {@code take} is capped at 1000, Daktela's
 * maximum page size.
 *
 * @param skip records to skip
 * @param take page size, 1 to 1000
 * @param filters conditions, all of which must hold
 * @param sort the field to sort by, if any
 * @param dir sort direction
 */
public record ListQuery(int skip, int take, List<Filter> filters, Optional<String> sort, Direction dir) {

    /** Daktela's largest page. */
    public static final int MAX_TAKE = 1000;
    /** The page size when none is given, as in Daktela's own connectors. */
    public static final int DEFAULT_TAKE = 100;

    public ListQuery {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative");
        }
        if (take < 1) {
            throw new IllegalArgumentException("take must be at least 1");
        }
        take = Math.min(take, MAX_TAKE);
        filters = List.copyOf(filters);
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(dir, "dir");
    }

    /** First page, default size, no filter, no sort. */
    public static ListQuery firstPage() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same query at another offset. */
    public ListQuery withSkip(int newSkip) {
        return new ListQuery(newSkip, take, filters, sort, dir);
    }

    /**
     * The query parameters in the Kendo form Daktela documents (and its official connectors send
     * since they moved off other encodings that answered 400): {@code filter[logic]=and},
     * {@code filter[filters][i][field|operator|value]}, {@code sort[0][field|dir]}.
     */
    Map<String, String> toQueryParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("skip", Integer.toString(skip));
        params.put("take", Integer.toString(take));
        if (!filters.isEmpty()) {
            params.put("filter[logic]", "and");
            for (int i = 0; i < filters.size(); i++) {
                Filter f = filters.get(i);
                String prefix = "filter[filters][" + i + "]";
                params.put(prefix + "[field]", f.field());
                params.put(prefix + "[operator]", f.operator());
                if (f.value() != null) {
                    params.put(prefix + "[value]", f.value());
                }
            }
        }
        sort.ifPresent(s -> {
            params.put("sort[0][field]", s);
            params.put("sort[0][dir]", dir.name().toLowerCase());
        });
        return params;
    }

    /** Sort direction. */
    public enum Direction { ASC, DESC }

    /**
     * One condition.
     *
     * @param field the record field, snake_case as Daktela names it
     * @param operator {@code eq}, {@code neq}, {@code gt}, {@code like}... ({@code notin}, never {@code nin})
     * @param value the value to compare with
     */
    public record Filter(String field, String operator, String value) {
        public Filter {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
        }
    }

    /** Builder of {@link ListQuery}. */
    public static final class Builder {
        private int skip;
        private int take = DEFAULT_TAKE;
        private final List<Filter> filters = new ArrayList<>();
        private String sort;
        private Direction dir = Direction.ASC;

        private Builder() {
        }

        public Builder skip(int v) { this.skip = v; return this; }

        /** Page size; values above 1000 are lowered to 1000. */
        public Builder take(int v) { this.take = v; return this; }

        /** Adds an {@code eq} condition. */
        public Builder filter(String field, String value) { return filter(field, "eq", value); }

        public Builder filter(String field, String operator, String value) {
            filters.add(new Filter(field, operator, value));
            return this;
        }

        public Builder sort(String field, Direction direction) {
            this.sort = field;
            this.dir = direction;
            return this;
        }

        public ListQuery build() {
            return new ListQuery(skip, take, filters, Optional.ofNullable(sort), dir);
        }
    }
}
