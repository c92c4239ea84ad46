package dev.smsworker.worker.consumer;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lane's bound on sends in progress: fixed, or moved every tick by an {@link InFlightRule}. A lower
 * bound never stops a send already running; it only lets fewer new ones start until enough finish.
 */
final class InFlightLimit {

    private final Permits permits;
    private final InFlightRule rule;
    private InFlightRule.Bound bound;
    private final LongAdder startDelayNanos = new LongAdder();
    private final LongAdder starts = new LongAdder();
    private volatile int limit;
    private volatile boolean waited;
    private boolean frozen;

    private InFlightLimit(int limit, InFlightRule rule) {
        this.permits = new Permits(limit);
        this.limit = limit;
        this.rule = rule;
        this.bound = rule == null ? null : rule.start();
    }

    static InFlightLimit fixed(int limit) {
        return new InFlightLimit(limit, null);
    }

    /** Starts at the rule's floor: a lane that needs more grows to it within a second or two. */
    static InFlightLimit adaptive(InFlightRule rule) {
        return new InFlightLimit(rule.floor(), rule);
    }

    /** Blocks until the lane may start one more send. */
    void acquire() {
        if (!permits.tryAcquire()) {
            waited = true;
            permits.acquireUninterruptibly();
        }
    }

    void release() {
        permits.release();
    }

    /** A send's virtual thread started {@code nanos} after it was handed to the executor. */
    void started(long nanos) {
        if (rule != null) {
            startDelayNanos.add(nanos);
            starts.increment();
        }
    }

    int limit() {
        return limit;
    }

    /** Whether the last tick cut the bound for the heap ({@link HeapPressure#pressed()}), not for the cores. */
    synchronized boolean cutForHeap() {
        return bound != null && bound.holdTicks() == InFlightRule.HOLD_TICKS;
    }

    synchronized int inFlight() {
        return limit - permits.availablePermits();
    }

    /**
     * Applies the rule to what was seen since the last tick; returns the bound before it (to log changes).
     * Does nothing once {@link #awaitIdle} began, or for a fixed bound.
     *
     * @param heap what the heap says lately ({@link HeapPressure})
     */
    synchronized int tick(HeapPressure heap) {
        int before = limit;
        if (rule == null || frozen) {
            return before;
        }
        long count = starts.sumThenReset();
        long delay = startDelayNanos.sumThenReset();
        boolean binding = waited || permits.hasQueuedThreads();
        waited = false;
        bound = rule.next(bound, binding, Duration.ofNanos(count == 0 ? 0 : delay / count), heap);
        int next = bound.limit();
        if (next > before) {
            permits.release(next - before);
        } else if (next < before) {
            permits.reducePermits(before - next);
        }
        limit = next;
        return before;
    }

    /** Waits until no send is in flight, or the timeout; the bound stays as it is from here on. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        int all;
        synchronized (this) {
            frozen = true;
            all = limit;
        }
        return permits.tryAcquire(all, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** A semaphore whose permits can be taken away while they are out: the sends holding them finish. */
    private static final class Permits extends Semaphore {

        Permits(int permits) {
            super(permits);
        }

        @Override
        protected void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }
    }
}
