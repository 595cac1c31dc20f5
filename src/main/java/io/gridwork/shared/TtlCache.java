package io.gridwork.shared;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small in-memory cache whose entries expire after a fixed time. For reference data read on every
 * request (categories, policies, token owners); each instance has its own, so changes made on another
 * instance show after at most the time-to-live.
 */
public final class TtlCache<K, V> {

    private record Entry<V>(V value, long expiresAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxSize;

    public TtlCache(Duration ttl, int maxSize) {
        this.ttlNanos = ttl.toNanos();
        this.maxSize = maxSize;
    }

    public V get(K key, Function<K, V> loader) {
        long now = System.nanoTime();
        Entry<V> e = entries.get(key);
        if (e != null && e.expiresAt() - now > 0) {
            return e.value();
        }
        V value = loader.apply(key);
        if (value != null) {
            if (entries.size() >= maxSize) {
                entries.clear();
            }
            entries.put(key, new Entry<>(value, now + ttlNanos));
        }
        return value;
    }

    public void invalidate(K key) {
        entries.remove(key);
    }

    public void clear() {
        entries.clear();
    }
}
