package dev.smsworker.contracts;

import java.util.Locale;

/**
 * Why the worker refused a message itself ({@link ErrorClass#REFUSED}), written as its {@code sms-error-code}
 * header and the event's {@code errorCode}. No provider was called for a refused message.
 */
public enum RefusalCode {
    /** The destination country (libphonenumber's region) is not allowed for this kind. */
    BLOCKED_COUNTRY,
    /** Too many messages of this kind to the destination country in the cap's window. */
    VELOCITY_COUNTRY,
    /** Too many messages of this kind to one number prefix (a premium range, say) in the cap's window. */
    VELOCITY_PREFIX,
    /** Too many messages of this kind to this one number in the throttle's window. */
    RECIPIENT_THROTTLED,
    /** A provider said earlier that this number opted out, is a landline or does not exist. */
    SUPPRESSED,
    /** The body takes more segments than this kind may. */
    TOO_MANY_SEGMENTS,
    /** This kind's spend for the period reached its cap. */
    SPEND_CAP,
    /** A newer message of the same kind to the same number arrived while this one waited in a delay queue. */
    SUPERSEDED;

    /** The wire name, e.g. {@code blocked-country}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
