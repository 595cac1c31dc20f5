package io.gridwork.people.importing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Wall time per step of an import, summed over its chunks, for the log line at the end of a run: where an
 * import spends its time (reading, hashing, each statement) without a profiler. One instance per thread.
 */
final class Phases {

    private final Map<String, long[]> nanos = new LinkedHashMap<>();
    private long mark = System.nanoTime();

    /** Starts timing from now (the time since the last mark is dropped). */
    void start() {
        mark = System.nanoTime();
    }

    /** Adds the time since the last mark to {@code phase}, and marks now. */
    void lap(String phase) {
        long now = System.nanoTime();
        nanos.computeIfAbsent(phase, k -> new long[1])[0] += now - mark;
        mark = now;
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ");
        nanos.forEach((k, v) -> j.add(String.format(java.util.Locale.ROOT, "%s %.1f s", k, v[0] / 1e9)));
        return j.toString();
    }
}
