package io.dialgate.gateway.operation;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How an idempotent operation finds, on the PBX, what its first request did when that request's answer was
 * lost: the call activity a dial created, for example. Each keyed operation supplies one, so that a retry
 * answers with the real outcome instead of running the operation a second time.
 *
 * @param <T> the operation's response
 */
public interface OutcomeLookup<T> {

    /** The PBX object this response stands for (an activity name), credited to one key only. */
    String reference(T response);

    /**
     * Looks on the PBX for the outcome of a request claimed {@code sinceClaim} ago; blocking. Empty when
     * the PBX shows no trace of it.
     *
     * @param alreadyCredited true for references that another key already took as its outcome
     * @throws io.dialgate.gateway.common.DialgateException when the PBX cannot be asked
     */
    Optional<T> find(Duration sinceClaim, Predicate<String> alreadyCredited);

    /** A lookup from its two parts. */
    static <T> OutcomeLookup<T> of(Function<T, String> reference, BiFunction<Duration, Predicate<String>, Optional<T>> find) {
        return new OutcomeLookup<>() {
            @Override
            public String reference(T response) {
                return reference.apply(response);
            }

            @Override
            public Optional<T> find(Duration sinceClaim, Predicate<String> alreadyCredited) {
                return find.apply(sinceClaim, alreadyCredited);
            }
        };
    }

    /**
     * For an operation that may safely run again (a queue login, a pause): its outcome is found by running
     * it once more, which leaves the PBX as one run would.
     */
    static <T> OutcomeLookup<T> byRunningAgain(Supplier<T> action) {
        return of(response -> null, (sinceClaim, credited) -> Optional.of(action.get()));
    }
}
