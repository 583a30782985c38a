package io.dialgate.client;

import java.util.List;

/**
 * One page of a list endpoint.
 *
 * @param data the records of this page
 * @param total how many records match in all, or {@code -1} when the PBX did not say (Daktela
 *     sometimes sends {@code total} as null; iteration then stops on a short page)
 */
public record Page<T>(List<T> data, long total) {

    public Page {
        data = List.copyOf(data);
    }

    /** Whether the PBX reported the total. */
    public boolean totalKnown() {
        return total >= 0;
    }
}
