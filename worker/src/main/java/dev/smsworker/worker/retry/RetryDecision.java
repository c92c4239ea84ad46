package dev.smsworker.worker.retry;

/** What becomes of a message whose attempt failed retryably. */
public sealed interface RetryDecision {

    /** Wait in this tier's delay queue, then try again. */
    record Delay(DelayTier tier) implements RetryDecision {
    }

    /** The last delay's attempt failed too. */
    record Exhausted() implements RetryDecision {
    }

    /** The retry would come back after {@code expiresAt}: give up now rather than wait for it. */
    record ExpiresFirst() implements RetryDecision {
    }
}
