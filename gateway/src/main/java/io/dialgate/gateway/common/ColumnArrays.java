package io.dialgate.gateway.common;

import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Rows turned into one array per column, bound in order as the parameters {@code ?1, ?2, ...} of a statement that
 * reads them back with {@code unnest(...)}: many rows written in one statement, planned once whatever their number.
 * Hibernate's native queries bind a Java array as a PostgreSQL array, so each statement casts its parameters to
 * their element types ({@code CAST(?1 AS text[])}). Written here because neither Hibernate nor the JDBC driver
 * turns a list of objects into column arrays.
 */
public final class ColumnArrays<T> {

    private final List<T> rows;
    private final List<Object[]> columns = new ArrayList<>();

    private ColumnArrays(Collection<T> rows) {
        this.rows = List.copyOf(rows);
    }

    public static <T> ColumnArrays<T> of(Collection<T> rows) {
        return new ColumnArrays<>(rows);
    }

    /** Adds the next column: {@code value} of each row, in an array made by {@code array} (e.g. {@code String[]::new}). */
    public <V> ColumnArrays<T> column(IntFunction<V[]> array, Function<T, V> value) {
        V[] values = array.apply(rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        columns.add(values);
        return this;
    }

    /** Binds the columns, in the order they were added, to {@code ?1, ?2, ...} of {@code query}. */
    public Query bind(Query query) {
        for (int i = 0; i < columns.size(); i++) {
            query.setParameter(i + 1, columns.get(i));
        }
        return query;
    }
}
