package dev.smsworker.worker.message;

import dev.smsworker.contracts.ErrorClass;

/**
 * Why a message was not sent, as written to its headers and status events.
 *
 * @param code           the provider's error code or one of the worker's own ({@code invalid-json}, ...)
 * @param message        short, human, free of personal data (see {@link Redaction})
 * @param provider       the provider that answered, or null when none was called
 * @param providerErrors the last error of every provider tried in the attempt, or null
 * @param maybeDelivered this attempt's {@code provider:code} entries that may have reached the handset (see
 *                       {@code Headers.MAYBE_DELIVERED}), or null; added to what earlier attempts recorded
 */
public record Failure(ErrorClass errorClass, String code, String message, String provider, String providerErrors,
                      String maybeDelivered) {

    public Failure {
        message = Redaction.scrub(message);
    }

    public Failure(ErrorClass errorClass, String code, String message, String provider, String providerErrors) {
        this(errorClass, code, message, provider, providerErrors, null);
    }

    public static Failure of(ErrorClass errorClass, String code, String message) {
        return new Failure(errorClass, code, message, null, null);
    }

    public Failure as(ErrorClass newClass, String newMessage) {
        return new Failure(newClass, code, newMessage, provider, providerErrors, maybeDelivered);
    }
}
