package dev.smsworker.ops.replay;

import dev.smsworker.contracts.Kind;
import dev.smsworker.ops.failed.FailedMessage;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a failed message is still worth sending, judged the way the worker judges it: past its
 * {@code expiresAt} (any kind), or an OTP without one older than the default validity, counted from its
 * first attempt (the {@code sms-first-attempt-at} header, else the AMQP timestamp, else when it failed).
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
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return Reason.EXPIRES_AT;
        }
        if (message.expiredByBroker()) {
            return Reason.EXPIRED_IN_QUEUE;
        }
        if (expiresAt != null) {
            return Reason.NONE;
        }
        if (message.kind() != Kind.OTP) {
            return Reason.NONE;
        }
        Instant anchor = firstAttempt(message);
        // An OTP we cannot date is kept back too: a login code of unknown age is as good as expired.
        if (anchor == null || !now.isBefore(anchor.plus(otpValidity))) {
            return Reason.DEFAULT_VALIDITY;
        }
        return Reason.NONE;
    }

    private static Instant firstAttempt(FailedMessage message) {
        if (message.firstAttemptAt() != null) {
            return message.firstAttemptAt();
        }
        if (message.properties().getTimestamp() != null) {
            return message.properties().getTimestamp().toInstant();
        }
        return message.failedAt();
    }
}
