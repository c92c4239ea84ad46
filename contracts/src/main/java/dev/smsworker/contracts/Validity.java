package dev.smsworker.contracts;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * The contract's validity rule: when a message stops being worth sending. The worker applies it before every
 * attempt and before every retry, {@code sms-ops replay} and the worker's automatic replay before they move
 * a message out of {@code sms.failed}.
 * <ul>
 *   <li>A request with {@code expiresAt} (any kind) expires then.</li>
 *   <li>An OTP without one expires the OTP validity ({@code sms.retry.otp-default-validity}, {@value #OTP_DEFAULT_TEXT}
 *       unless configured) after its <b>first attempt</b>: the {@link Headers#FIRST_ATTEMPT_AT} instant.</li>
 *   <li>Any other message without {@code expiresAt} never expires.</li>
 * </ul>
 * The anchor is the first attempt, not the publish (the AMQP {@code timestamp}): the worker writes
 * {@code sms-first-attempt-at} on every copy it republishes, by its own clock, and it survives retries and
 * replays, while the timestamp is optional and set by the publisher's clock. A message without the header
 * has had no attempt yet: the worker taking it makes now its first attempt; a reader of {@code sms.failed}
 * passes the earliest instant it knows the message existed. A header later than now is read as absent
 * ({@link #believableFirstAttempt}): skewed or forged, it is no evidence, and believed it would stretch the
 * validity. An OTP whose first attempt can't be dated at all counts as expired: a login code of unknown age
 * is as good as expired. At the expiry instant itself a message is expired.
 */
public final class Validity {

    /** The OTP validity unless configured, as a property value: {@code sms.retry.otp-default-validity}. */
    public static final String OTP_DEFAULT_TEXT = "10m";
    /** {@link #OTP_DEFAULT_TEXT} as a duration. */
    public static final Duration OTP_DEFAULT = Duration.ofMinutes(10);

    private Validity() {
    }

    /**
     * When the message expires, by the rule above.
     *
     * @param expiresAt      the request's {@code expiresAt}, null when absent
     * @param kind           the message's kind (the body's, else its lane's), null when unknown (not an OTP)
     * @param firstAttemptAt its first attempt, already no later than now; null when it can't be dated
     * @param otpValidity    how long an OTP without {@code expiresAt} is worth sending after its first attempt
     * @return the instant it expires; {@link Instant#MIN} for an OTP that can't be dated; null when it never does
     */
    public static Instant expiresAt(Instant expiresAt, Kind kind, Instant firstAttemptAt, Duration otpValidity) {
        if (expiresAt != null) {
            return expiresAt;
        }
        if (kind != Kind.OTP) {
            return null;
        }
        if (firstAttemptAt == null) {
            return Instant.MIN;
        }
        try {
            return firstAttemptAt.plus(otpValidity);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    /**
     * Whether the message is expired at {@code now}, by the rule above; a {@code firstAttemptAt} after
     * {@code now} is no date ({@link #believableFirstAttempt}). Parameters as for {@link #expiresAt}.
     */
    public static boolean expired(Instant expiresAt, Kind kind, Instant firstAttemptAt, Duration otpValidity, Instant now) {
        Instant end = expiresAt(expiresAt, kind, believableFirstAttempt(firstAttemptAt, now), otpValidity);
        return end != null && !now.isBefore(end);
    }

    /**
     * The {@code sms-first-attempt-at} a reader may believe at {@code now}: the header's instant, or null when it
     * is absent or later than now. A first attempt can't lie in the future; a skewed or forged one would stretch
     * an OTP's validity, or overflow it (the end of time plus ten minutes).
     */
    public static Instant believableFirstAttempt(Instant header, Instant now) {
        return header == null || header.isAfter(now) ? null : header;
    }
}
