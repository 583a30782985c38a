package io.dialgate.client;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A section of a pull-data delta that may be absent (unchanged), present with a value, or present
 * as {@code null} (cleared; for the pause: the pause ended). An {@code Optional} cannot tell the
 * last two apart, and confusing "unchanged" with "ended" would make a poller drop a live pause.
 */
public final class PullSection<T> {

    private static final PullSection<?> ABSENT = new PullSection<>(false, null);
    private static final PullSection<?> CLEARED = new PullSection<>(true, null);

    private final boolean present;
    private final T value;

    private PullSection(boolean present, T value) {
        this.present = present;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> PullSection<T> absent() {
        return (PullSection<T>) ABSENT;
    }

    @SuppressWarnings("unchecked")
    public static <T> PullSection<T> cleared() {
        return (PullSection<T>) CLEARED;
    }

    public static <T> PullSection<T> of(T value) {
        return new PullSection<>(true, Objects.requireNonNull(value));
    }

    /** The section was in the response (with a value or as null): it changed. */
    public boolean isPresent() {
        return present;
    }

    /** The section was in the response as null (for the pause: no pause now). */
    public boolean isCleared() {
        return present && value == null;
    }

    /** The section's value when present and not null. */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** @throws NoSuchElementException when absent or cleared */
    public T get() {
        if (value == null) {
            throw new NoSuchElementException(present ? "section cleared" : "section absent");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PullSection<?> s && s.present == present && Objects.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(present, value);
    }

    @Override
    public String toString() {
        return !present ? "PullSection[absent]" : value == null ? "PullSection[cleared]" : "PullSection[" + value + "]";
    }
}
