package dev.smsworker.worker.routing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An in-process permit bucket: {@code perSecond} permits a second, up to {@code perSecond} at once after
 * a quiet spell. The generic cell rate algorithm (GCRA, as in ATM traffic shaping and redis-cell): one
 * number, the theoretical arrival time of the next permit, so a reservation far in the future is as
 * cheap as one now.
 */
final class LocalPermitBucket implements PermitBucket {

    private final int perSecond;
    private final long interval;
    private final long burstTolerance;
    private final LongSupplier nanoTime;
    private long theoreticalArrival;

    LocalPermitBucket(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    LocalPermitBucket(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1: " + perSecond);
        }
        this.perSecond = perSecond;
        this.interval = Duration.ofSeconds(1).toNanos() / perSecond;
        this.burstTolerance = interval * (perSecond - 1);
        this.nanoTime = nanoTime;
        this.theoreticalArrival = nanoTime.getAsLong();
    }

    @Override
    public synchronized Duration reserve(Duration maxWait) {
        long now = nanoTime.getAsLong();
        long arrival = Math.max(theoreticalArrival, now);
        long wait = Math.max(0, arrival - burstTolerance - now);
        if (wait > maxWait.toNanos()) {
            return null;
        }
        theoreticalArrival = arrival + interval;
        return Duration.ofNanos(wait);
    }

    @Override
    public int perSecond() {
        return perSecond;
    }

    /** Permits that could be taken right now without waiting (for the gauge). */
    synchronized int availableNow() {
        long now = nanoTime.getAsLong();
        long ahead = Math.max(0, theoreticalArrival - now);
        return (int) Math.max(0, perSecond - Math.ceilDiv(ahead, interval));
    }
}
