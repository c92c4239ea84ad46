package dev.smsworker.ops.replay;

import dev.smsworker.contracts.Validity;
import dev.smsworker.ops.failed.FailedMessage;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a failed message is still worth sending, by the contract's rule ({@link Validity}), as the worker
 * judges it: past its {@code expiresAt} (any kind), or an OTP without one older than the OTP validity, counted
 * from its first attempt (the {@code sms-first-attempt-at} header; a message without it had no attempt, so the
 * earliest instant known for it stands in: the AMQP timestamp, else when it failed).
 * Also expired: a message the broker dead-lettered because its AMQP {@code expiration} (or a queue TTL)
 * ran out in a work queue; the publisher said it is stale, whatever its body says.
 */
final class Expiry {

    /** Why a message is expired; {@link #NONE} when it is not. */
    enum Reason { NONE, EXPIRES_AT, EXPIRED_IN_QUEUE, DEFAULT_VALIDITY }

    private final Duration otpValidity;

    Expiry(Duration otpValidity) {
        this.otpValidity = otpValidity;
    }

    Reason check(FailedMessage message, Instant now) {
        Instant expiresAt = message.request().expiresAt();
        if (expiresAt != null && Validity.expired(expiresAt, message.kind(), null, otpValidity, now)) {
            return Reason.EXPIRES_AT;
        }
        if (message.expiredByBroker()) {
            return Reason.EXPIRED_IN_QUEUE;
        }
        if (expiresAt == null && Validity.expired(null, message.kind(), firstAttempt(message, now), otpValidity, now)) {
            return Reason.DEFAULT_VALIDITY;
        }
        return Reason.NONE;
    }

    private static Instant firstAttempt(FailedMessage message, Instant now) {
        Instant header = Validity.believableFirstAttempt(message.firstAttemptAt(), now);
        if (header != null) {
            return header;
        }
        if (message.properties().getTimestamp() != null) {
            return message.properties().getTimestamp().toInstant();
        }
        return message.failedAt();
    }
}
