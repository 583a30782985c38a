package io.dialgate.client;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One page of a list endpoint.
 *
 * @param data the records of this page
 * @param total how many records match in all, or {@code -1} when the PBX did not say (Daktela
 *     sometimes sends {@code total} as null; iteration then stops on a short page)
 * @param serverTime the PBX's clock when it answered ({@code _time}), in the same local time as the records'
 *     times; empty when the PBX did not send it
 */
public record Page<T>(List<T> data, long total, Optional<LocalDateTime> serverTime) {

    public Page {
        data = List.copyOf(data);
        serverTime = serverTime == null ? Optional.empty() : serverTime;
    }

    /** A page without the PBX's clock. */
    public Page(List<T> data, long total) {
        this(data, total, Optional.empty());
    }

    /** Whether the PBX reported the total. */
    public boolean totalKnown() {
        return total >= 0;
    }
}
