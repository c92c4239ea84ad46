package dev.smsworker.worker.retry;

import org.springframework.stereotype.Component;

import java.time.Instant;

/** Decides where a retryable failure goes: the next delay queue, or the failed queue. */
@Component
public class RetryPlanner {

    private final DelayTiers tiers;

    public RetryPlanner(DelayTiers tiers) {
        this.tiers = tiers;
    }

    /**
     * @param attempt   the 1-based attempt that just failed
     * @param expiresAt when the message stops being worth sending, or null if never
     */
    public RetryDecision plan(int attempt, Instant now, Instant expiresAt) {
        var tier = tiers.afterAttempt(attempt);
        if (tier.isEmpty()) {
            return new RetryDecision.Exhausted();
        }
        // A login code that would arrive after it expired is worse than none: fail it now, visibly.
        if (expiresAt != null && now.plus(tier.get().delay()).isAfter(expiresAt)) {
            return new RetryDecision.ExpiresFirst();
        }
        return new RetryDecision.Delay(tier.get());
    }
}
