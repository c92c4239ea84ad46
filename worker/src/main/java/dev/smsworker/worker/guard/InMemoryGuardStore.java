package dev.smsworker.worker.guard;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The guard's store for a single worker: Bucket4j's local buckets and a map of values with expiry, each bounded
 * to {@code maxEntries} keys, the least recently used dropped first (an attack to a million numbers must not
 * grow the heap without end; a dropped window only forgets, it never refuses).
 */
final class InMemoryGuardStore implements GuardStore {

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;
    private final Map<String, Value> values;

    private record Value(String text, long expiresAtNanos) {
    }

    InMemoryGuardStore(int maxEntries) {
        this(maxEntries, System::nanoTime);
    }

    InMemoryGuardStore(int maxEntries, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.buckets = lru(maxEntries);
        this.values = lru(maxEntries);
    }

    @Override
    public synchronized boolean take(String key, Rate rate) {
        // The rate is part of the key: a changed configuration starts a fresh window, as in Redis.
        return buckets.computeIfAbsent(key + "@" + rate, k -> bucket(rate)).tryConsume(1);
    }

    @Override
    public synchronized void put(String key, String value, Duration ttl) {
        values.put(key, new Value(value, nanoTime.getAsLong() + ttl.toNanos()));
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(live(key)).map(Value::text);
    }

    @Override
    public synchronized boolean remove(String key) {
        return live(key) != null && values.remove(key) != null;
    }

    @Override
    public synchronized Map<String, String> scan(String prefix, int limit) {
        Map<String, String> found = new TreeMap<>();
        long now = nanoTime.getAsLong();
        for (var entry : values.entrySet()) {
            if (found.size() < limit && entry.getKey().startsWith(prefix) && entry.getValue().expiresAtNanos - now > 0) {
                found.put(entry.getKey(), entry.getValue().text);
            }
        }
        return found;
    }

    @Override
    public synchronized long add(String key, long amount, Duration ttl) {
        Value current = live(key);
        long total = (current == null ? 0 : Long.parseLong(current.text)) + amount;
        long expiresAt = current == null ? nanoTime.getAsLong() + ttl.toNanos() : current.expiresAtNanos;
        values.put(key, new Value(Long.toString(total), expiresAt));
        return total;
    }

    private Value live(String key) {
        Value value = values.get(key);
        if (value != null && value.expiresAtNanos - nanoTime.getAsLong() <= 0) {
            values.remove(key);
            return null;
        }
        return value;
    }

    private Bucket bucket(Rate rate) {
        return Bucket.builder()
                // Refilled all at once when the window has passed: a fixed window, not a smoothed rate.
                .addLimit(limit -> limit.capacity(rate.count()).refillIntervally(rate.count(), rate.per()))
                .withCustomTimePrecision(new TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        return nanoTime.getAsLong();
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return false;
                    }
                })
                .build();
    }

    private static <V> Map<String, V> lru(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
