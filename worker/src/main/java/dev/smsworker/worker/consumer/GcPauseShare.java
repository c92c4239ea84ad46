package dev.smsworker.worker.consumer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The share of wall time the JVM spent in collector pauses over the last {@link #WINDOW}: half of the heap signal of
 * the adaptive in-flight bound ({@link HeapPressure}, {@link InFlightRule}). Every send in flight holds about 23 KB of heap while its provider
 * answers (its parked virtual thread's stack, okio's 8 KiB read segment, the message; measured on 2026-11-30 with a
 * 2 s provider); what lives through a young collection is promoted, and enough of it fills the old generation
 * faster than full collections empty it. With a 2 s provider and 3,000 sends allowed in flight, the shipped 160 MiB
 * heap ran 26 full collections in 32 and paused 7 s in 28 (issue 16's GC spiral, brought on by a slow provider).
 *
 * <p>Not thread-safe: sampled by the consumer supervisor's single thread.
 */
final class GcPauseShare {

    /** Long enough that one full collection of a few hundred ms is no pressure (over 2 s it cut a 200 ms provider's bound
     * from 372 to 260 and capped its rate at 1,300 msg/s, 2026-11-30), short enough to follow a provider that slows. */
    static final Duration WINDOW = Duration.ofSeconds(5);

    private final LongSupplier pauseMillis;
    private final LongSupplier nanoTime;
    /** (nanoTime, cumulative pause ms) pairs, oldest first; the first one is at least {@link #WINDOW} old once the window has filled. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /**
     * @param pauseMillis the collectors' cumulative pause time, ms (never decreasing)
     * @param nanoTime    a monotonic clock, ns
     */
    GcPauseShare(LongSupplier pauseMillis, LongSupplier nanoTime) {
        this.pauseMillis = pauseMillis;
        this.nanoTime = nanoTime;
    }

    /**
     * This JVM's collectors of the old generation (serial's MarkSweepCompact, parallel's PS MarkSweep, G1's young and old
     * ones, which both manage its old gen): {@link GarbageCollectorMXBean#getCollectionTime()} summed. Young-only
     * collections do not count: a 200 ms provider's sends made serial young pauses that took 10% of a window with no full
     * GC at all, and the bound was cut for nothing (2026-11-30). Without a collector named for an old pool, all count.
     */
    static GcPauseShare ofThisJvm() {
        List<GarbageCollectorMXBean> all = ManagementFactory.getGarbageCollectorMXBeans();
        List<GarbageCollectorMXBean> old = all.stream()
                .filter(collector -> java.util.Arrays.stream(collector.getMemoryPoolNames()).anyMatch(HeapPressure::isOldPool))
                .toList();
        List<GarbageCollectorMXBean> collectors = old.isEmpty() ? all : old;
        return new GcPauseShare(() -> {
            long total = 0;
            for (GarbageCollectorMXBean collector : collectors) {
                total += Math.max(0, collector.getCollectionTime()); // -1: not reported
            }
            return total;
        }, System::nanoTime);
    }

    /** Takes a sample now; returns the share of wall time in pauses since the oldest sample kept, 0 to 1. */
    double sample() {
        long now = nanoTime.getAsLong();
        long paused = pauseMillis.getAsLong();
        samples.addLast(new long[] {now, paused});
        // Keep one sample at or beyond the window's start as the baseline.
        while (samples.size() > 2 && now - second()[0] >= WINDOW.toNanos()) {
            samples.removeFirst();
        }
        long[] oldest = samples.peekFirst();
        long wallMillis = (now - oldest[0]) / 1_000_000;
        if (wallMillis <= 0) {
            return 0;
        }
        return Math.min(1, (double) (paused - oldest[1]) / wallMillis);
    }

    private long[] second() {
        Iterator<long[]> iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }
}
