package dev.smsworker.ops.replay;

import dev.smsworker.ops.failed.MessageFilter;

import java.time.Duration;

/**
 * What a replay should do.
 *
 * @param limit          move at most this many
 * @param otpValidity    the worker's {@code sms.retry.otp-default-validity}
 * @param includeMaybeDelivered also move messages marked {@code sms-maybe-delivered} (the SMS may then arrive twice)
 * @param batchSize      publishes in flight before waiting for their confirms; a crash can leave up to two batches duplicated
 * @param confirmTimeout how long to wait for a batch's confirms
 */
public record ReplayPlan(MessageFilter filter, int limit, boolean dryRun, boolean includeExpired, boolean includeMaybeDelivered,
                         Duration otpValidity, int batchSize, Duration confirmTimeout) {

    public static ReplayPlan of(MessageFilter filter) {
        return new ReplayPlan(filter, Integer.MAX_VALUE, false, false, false, Duration.ofMinutes(10), 100, Duration.ofSeconds(30));
    }

    public ReplayPlan withLimit(int newLimit) {
        return new ReplayPlan(filter, newLimit, dryRun, includeExpired, includeMaybeDelivered, otpValidity, batchSize, confirmTimeout);
    }

    public ReplayPlan withDryRun(boolean newDryRun) {
        return new ReplayPlan(filter, limit, newDryRun, includeExpired, includeMaybeDelivered, otpValidity, batchSize, confirmTimeout);
    }

    public ReplayPlan withIncludeExpired(boolean newIncludeExpired) {
        return new ReplayPlan(filter, limit, dryRun, newIncludeExpired, includeMaybeDelivered, otpValidity, batchSize, confirmTimeout);
    }

    public ReplayPlan withOtpValidity(Duration newOtpValidity) {
        return new ReplayPlan(filter, limit, dryRun, includeExpired, includeMaybeDelivered, newOtpValidity, batchSize, confirmTimeout);
    }

    public ReplayPlan withBatchSize(int newBatchSize) {
        return new ReplayPlan(filter, limit, dryRun, includeExpired, includeMaybeDelivered, otpValidity, newBatchSize, confirmTimeout);
    }

    public ReplayPlan withIncludeMaybeDelivered(boolean newIncludeMaybeDelivered) {
        return new ReplayPlan(filter, limit, dryRun, includeExpired, newIncludeMaybeDelivered, otpValidity, batchSize, confirmTimeout);
    }
}
