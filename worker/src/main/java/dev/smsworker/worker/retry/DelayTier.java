package dev.smsworker.worker.retry;

import java.time.Duration;

/**
 * One delay queue. A message that failed attempt {@code number} waits here {@code delay}, then returns.
 *
 * @param number   1-based: tier n takes messages whose n-th attempt failed
 * @param label    short name used in queue names and metrics, e.g. {@code 1m}
 */
public record DelayTier(int number, Duration delay, String label) {

    public String exchange() {
        return "sms.retry." + label;
    }

    public String queue() {
        return "sms.retry." + label;
    }
}
