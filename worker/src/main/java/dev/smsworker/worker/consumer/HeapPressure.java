package dev.smsworker.worker.consumer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * What the heap says to the adaptive in-flight bound at one tick ({@link InFlightRule}): how much of the wall time went
 * to collector pauses lately ({@link GcPauseShare}), and how full the old generation was when its last collection
 * ended. Pressed only when both are high: pauses alone also grow on a machine whose cores are busy with other work, or
 * in a JVM that shares a big heap with other work (the test suite's, at load 39: a 12% pause share cut the bound of a
 * worker whose heap was nearly empty, 2026-11-30); a full old generation alone is a heap that is merely used.
 *
 * @param pauseShare share of the wall time in collector pauses over {@link GcPauseShare#WINDOW}, 0 to 1
 * @param oldLive    the old generation's occupancy right after its last collection, as a share of its maximum, 0 to 1
 *                   (0 before its first collection)
 */
record HeapPressure(double pauseShare, double oldLive) {

    /** Pauses over this share of the wall time... */
    static final double PAUSES_PRESSED = 0.10;
    /** ...while the last old collection left the old generation over this full: the in-flight sends crowd the heap. */
    static final double OLD_PRESSED = 0.6;
    /** The bound may grow while pauses are under this share... */
    static final double PAUSES_CALM = 0.05;
    /** ...or the old generation was left under this full. */
    static final double OLD_CALM = 0.5;

    static final HeapPressure NONE = new HeapPressure(0, 0);

    boolean pressed() {
        return pauseShare > PAUSES_PRESSED && oldLive > OLD_PRESSED;
    }

    boolean calm() {
        return pauseShare < PAUSES_CALM || oldLive < OLD_CALM;
    }

    /** A heap pool of the old generation, by its name: serial's Tenured Gen, parallel's PS Old Gen, G1's G1 Old Gen. */
    static boolean isOldPool(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("old") || lower.contains("tenured");
    }

    /**
     * This JVM's old generation: the heap pools named old or tenured (serial, parallel, G1); with a single-generation
     * collector (ZGC without generations, Shenandoah), the whole heap.
     */
    static DoubleSupplier oldLiveOfThisJvm() {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()).toList();
        List<MemoryPoolMXBean> old = heap.stream().filter(pool -> isOldPool(pool.getName())).toList();
        List<MemoryPoolMXBean> pools = old.isEmpty() ? heap : old;
        return () -> {
            long used = 0;
            long max = 0;
            for (MemoryPoolMXBean pool : pools) {
                MemoryUsage afterLastCollection = pool.getCollectionUsage();
                if (afterLastCollection != null) {
                    used += afterLastCollection.getUsed();
                }
                MemoryUsage now = pool.getUsage();
                max += now.getMax() > 0 ? now.getMax() : now.getCommitted();
            }
            return max <= 0 ? 0 : Math.min(1, (double) used / max);
        };
    }
}
