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
 * @param floor   the lowest bound
 * @param ceiling the highest bound: what the broker hands the lane (prefetch x consumers per lane)
 */
record InFlightRule(int floor, int ceiling) {

    /** The floor when the lane can hold more: enough sends to keep two cores busy between network waits. */
    static final int FLOOR = 32;
    /** A mean start delay above this says the cores are saturated. */
    static final Duration SATURATED = Duration.ofMillis(5);

    InFlightRule {
        if (floor < 1 || ceiling < floor) {
            throw new IllegalArgumentException("floor " + floor + ", ceiling " + ceiling);
        }
    }

    static InFlightRule upTo(int ceiling) {
        return new InFlightRule(Math.min(FLOOR, ceiling), ceiling);
    }

    /**
     * @param limit      the bound during the tick
     * @param binding    whether a delivery waited for a permit during the tick
     * @param startDelay the mean start delay of the tick's sends (zero if none started)
     */
    int next(int limit, boolean binding, Duration startDelay) {
        if (startDelay.compareTo(SATURATED) > 0) {
            return clamp((int) (limit * 0.9));
        }
        if (binding) {
            return clamp((int) (limit * 1.25) + 1);
        }
        return clamp(limit);
    }

    private int clamp(int limit) {
        return Math.max(floor, Math.min(ceiling, limit));
    }
}
