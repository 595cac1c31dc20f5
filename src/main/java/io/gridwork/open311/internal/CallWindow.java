package io.gridwork.open311.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Calls per caller in a sliding minute, kept in memory (per instance: with N instances a caller gets up
 * to N times its limit, enough to stop a flood).
 */
final class CallWindow {

    private final Map<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    CallWindow(LongSupplier clock) {
        this.clock = clock;
    }

    /** Counts the call and says whether it is within {@code perMinute}; a refused call is not counted. */
    boolean tryCall(String caller, int perMinute) {
        long now = clock.getAsLong();
        ArrayDeque<Long> q = windows.computeIfAbsent(caller, k -> new ArrayDeque<>());
        synchronized (q) {
            while (!q.isEmpty() && q.peekFirst() <= now - 60_000) {
                q.pollFirst();
            }
            if (q.size() >= perMinute) {
                return false;
            }
            q.addLast(now);
        }
        if (windows.size() > 100_000) {
            windows.clear();
        }
        return true;
    }
}
