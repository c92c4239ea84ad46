package dev.smsworker.bench.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every call the fake provider answered, by message id, with the time it arrived ({@link System#nanoTime()}). */
public final class CallLog {

    /** One call: when it arrived and what it was answered. */
    public record Call(long arrivedNanos, Answer answer) {
    }

    private final Map<String, List<Call>> byId = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong firstAccepted = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAccepted = new AtomicLong(Long.MIN_VALUE);

    /** Records one call (the fake provider does; tests build ledgers with it). */
    public void record(String id, long arrivedNanos, Answer answer) {
        List<Call> calls = byId.computeIfAbsent(id, k -> new ArrayList<>(2));
        synchronized (calls) {
            calls.add(new Call(arrivedNanos, answer));
        }
        if (answer.accepted()) {
            accepted.incrementAndGet();
            firstAccepted.accumulateAndGet(arrivedNanos, Math::min);
            lastAccepted.accumulateAndGet(arrivedNanos, Math::max);
        }
    }

    int attempts(String id) {
        List<Call> calls = byId.get(id);
        if (calls == null) {
            return 0;
        }
        synchronized (calls) {
            return calls.size();
        }
    }

    public List<Call> calls(String id) {
        List<Call> calls = byId.get(id);
        if (calls == null) {
            return List.of();
        }
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Arrival times of the calls whose SMS the provider accepted. */
    public List<Long> sends(String id) {
        return calls(id).stream().filter(c -> c.answer().accepted()).map(Call::arrivedNanos).toList();
    }

    public Set<String> ids() {
        return Set.copyOf(byId.keySet());
    }

    public long accepted() {
        return accepted.get();
    }

    public long firstAcceptedNanos() {
        return firstAccepted.get();
    }

    public long lastAcceptedNanos() {
        return lastAccepted.get();
    }

    public void clear() {
        byId.clear();
        accepted.set(0);
        firstAccepted.set(Long.MAX_VALUE);
        lastAccepted.set(Long.MIN_VALUE);
    }
}
