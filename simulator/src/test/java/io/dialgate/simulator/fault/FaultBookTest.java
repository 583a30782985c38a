package io.dialgate.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialgate.simulator.common.InvalidInputException;
import org.junit.jupiter.api.Test;

class FaultBookTest {

    @Test
    void shouldMatchByTokenAndEndpointAndCountDown() {
        FaultBook book = new FaultBook();
        book.add(new FaultRequest("t1", "queues.json", 500, null, 1, null, null, null, null, null));
        assertThat(book.match("t2", "queues", () -> 0)).isEmpty();
        assertThat(book.match("t1", "pauses", () -> 0)).isEmpty();
        assertThat(book.match("t1", "queues", () -> 0)).isPresent();
        assertThat(book.match("t1", "queues", () -> 0)).isEmpty();
    }

    @Test
    void shouldFireByRatio() {
        FaultBook book = new FaultBook();
        book.add(new FaultRequest(null, null, 500, null, null, 0.3, null, null, null, null));
        assertThat(book.match(null, "x", () -> 0.29)).isPresent();
        assertThat(book.match(null, "x", () -> 0.31)).isEmpty();
    }

    @Test
    void shouldRejectFaultWithoutEffect() {
        assertThatThrownBy(() -> new FaultBook().add(new FaultRequest(null, "x", null, null, 2, null, null, null, null,
                null))).isInstanceOf(InvalidInputException.class);
    }
}
