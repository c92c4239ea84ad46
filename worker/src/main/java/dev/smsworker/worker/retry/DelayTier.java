package dev.smsworker.worker.retry;

import dev.smsworker.contracts.Topology;

import java.time.Duration;

/**
 * One delay queue. A message that failed attempt {@code number} waits here {@code delay}, then returns.
 *
 * @param number   1-based: tier n takes messages whose n-th attempt failed
 * @param label    short name used in queue names and metrics, e.g. {@code 1m} ({@link Topology#delayLabel})
 */
public record DelayTier(int number, Duration delay, String label) {

    /** The delay exchange, {@link Topology#delayQueue}: a fanout exchange with the queue of the same name. */
    public String exchange() {
        return Topology.delayQueue(delay);
    }

    public String queue() {
        return Topology.delayQueue(delay);
    }
}
