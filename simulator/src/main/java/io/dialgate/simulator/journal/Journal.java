package io.dialgate.simulator.journal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The bounded request log of one instance. Thread-safe. */
public final class Journal {

    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private final int maxEntries;

    public Journal(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    public synchronized void add(JournalEntry entry) {
        if (entries.size() >= maxEntries) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    public synchronized List<JournalEntry> list() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
