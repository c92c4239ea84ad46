package dev.smsworker.worker.consumer;

import java.time.Duration;

/**
 * How far a lane's in-flight bound moves after one tick, from what the tick saw (issue 16). The bound
 * stays between {@code floor} and {@code ceiling}.
 *
 * <p>The CPU signal is the start delay: the time between handing a delivery to its virtual thread and
 * that thread's first line. While the cores keep up it is near zero, however slow the provider is
 * (a send waiting on the network is parked, not runnable); when they are saturated runnable virtual
 * threads queue for a carrier and it grows. Then more sends in flight add no throughput, only state
 * every GC has to carry, so the bound shrinks. When deliveries waited for a permit and the cores kept
 * up, the bound is what holds the lane back, so it grows. The provider's latency is deliberately not a
 * signal: a provider slowing from 200 ms to 2 s needs more sends in flight, not fewer.
 *
 * <p>The heap signal is {@link HeapPressure}: collector pauses over 10% of the wall time (issue 16's own line for a
 * worker without a GC spiral) while the old generation was left over 60% full by its last collection. Each send in
 * flight holds heap while it waits, so a slow provider with thousands in flight fills the old generation faster than
 * full collections empty it. Unlike the start delay the signal answers late: the sends that filled the heap keep it
 * full until their provider answers, and the share is taken over {@link GcPauseShare#WINDOW}. Shrinking on every tick
 * it stays high, then growing x1.25 a tick, swung a 2 s provider's bound between 300 and 2,250 and halved its rate
 * (2026-11-30). So, as TCP does with a lost packet: pressed, the bound is cut once to {@link #GC_CUT} of itself and
 * held for a window; from then on it grows fast only up to that cut, and beyond it by 1% a tick, and only while the
 * heap is {@linkplain HeapPressure#calm() calm}.
 *
 * @param floor   the lowest bound
 * @param ceiling the highest bound: what the broker hands the lane (prefetch x consumers per lane)
 */
record InFlightRule(int floor, int ceiling) {

    /** The floor when the lane can hold more: enough sends to keep two cores busy between network waits. */
    static final int FLOOR = 32;
    /** A mean start delay above this says the cores are saturated. */
    static final Duration SATURATED = Duration.ofMillis(5);
    /** What a heap-pressed bound is cut to, of itself. */
    static final double GC_CUT = 0.7;
    /** Ticks a cut bound holds: the consumer supervisor ticks every 100 ms, so one {@link GcPauseShare#WINDOW}. */
    static final int HOLD_TICKS = 50;

    InFlightRule {
        if (floor < 1 || ceiling < floor) {
            throw new IllegalArgumentException("floor " + floor + ", ceiling " + ceiling);
        }
    }

    static InFlightRule upTo(int ceiling) {
        return new InFlightRule(Math.min(FLOOR, ceiling), ceiling);
    }

    /**
     * A lane's bound between ticks.
     *
     * @param limit     sends the lane may have in progress
     * @param fastUpTo  up to here the bound grows x1.25 a tick, beyond it 1% a tick: the ceiling, or the last heap cut
     * @param holdTicks ticks left during which heap pressure neither cuts nor lets it grow again
     */
    record Bound(int limit, int fastUpTo, int holdTicks) {
    }

    /** Where an adaptive bound starts: the floor, free to grow fast to the ceiling. */
    Bound start() {
        return new Bound(floor, ceiling, 0);
    }

    /**
     * @param bound      the bound during the tick
     * @param binding    whether a delivery waited for a permit during the tick
     * @param startDelay the mean start delay of the tick's sends (zero if none started)
     * @param heap       what the heap says ({@link HeapPressure})
     */
    Bound next(Bound bound, boolean binding, Duration startDelay, HeapPressure heap) {
        int limit = bound.limit();
        if (startDelay.compareTo(SATURATED) > 0) {
            return new Bound(clamp((int) (limit * 0.9)), bound.fastUpTo(), Math.max(0, bound.holdTicks() - 1));
        }
        if (bound.holdTicks() > 0) {
            return new Bound(limit, bound.fastUpTo(), bound.holdTicks() - 1);
        }
        if (heap.pressed()) {
            int cut = clamp((int) Math.round(limit * GC_CUT));
            return new Bound(cut, cut, HOLD_TICKS);
        }
        if (binding && heap.calm()) {
            int grown = limit < bound.fastUpTo()
                    ? Math.min(bound.fastUpTo(), (int) (limit * 1.25) + 1)
                    : limit + Math.max(1, limit / 100);
            return new Bound(clamp(grown), bound.fastUpTo(), 0);
        }
        return bound;
    }

    private int clamp(int limit) {
        return Math.max(floor, Math.min(ceiling, limit));
    }
}
