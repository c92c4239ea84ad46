package dev.smsworker.worker.feedback;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Conversion feedback (issue 12): login services publish "code used" for a messageId ({@code feedback.verified} on
 * {@code sms}); the worker counts conversions per provider and country.
 *
 * @param enabled        off by default: nothing is recorded and feedback is only drained ({@code sms_feedback_total
 *                       {result="disabled"}}), because the record costs a write per sent SMS (memory, or a Redis
 *                       round trip) that only pays off where a login service publishes feedback
 * @param recordTtl      how long after its send a message can still be matched to feedback: a code is used
 *                       within its validity (10 minutes by default), so an hour is plenty; later feedback counts as
 *                       unmatched. A converted message is remembered this long after its conversion, so a late
 *                       duplicate is still recognised
 * @param maxRecords     the memory record's bound (about 300 bytes each: Caffeine, string ids); past it the least
 *                       recently used are dropped, and their feedback counts as unmatched
 * @param store          {@code memory} (this worker's sends only, lost on restart) or {@code redis} (shared by every
 *                       worker, in the sent-id record's Redis, {@code sms.dedup.redis.uri}); unset: {@code redis} when
 *                       {@code sms.dedup.store} or {@code sms.receipts.store} is, else {@code memory}
 * @param redisKeyPrefix put before each key in Redis
 * @param requeueDelay   pause before feedback that could not be matched for want of the store (Redis away) goes
 *                       back to the queue
 */
@ConfigurationProperties("sms.feedback")
@Validated
public record FeedbackProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("1h") Duration recordTtl,
        @DefaultValue("50000") @Min(1) @Max(10_000_000) long maxRecords,
        Store store,
        @DefaultValue("sms-worker:feedback:") String redisKeyPrefix,
        @DefaultValue("1s") Duration requeueDelay) {

    public enum Store { MEMORY, REDIS }
}
