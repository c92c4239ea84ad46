package dev.smsworker.worker.providers.http;

import dev.smsworker.worker.providers.SendResult;

/**
 * Every transport failure is retryable: timeouts and connection errors are transient by nature. One after
 * the request was written is marked {@link SendResult.Failed#maybeDelivered()}, which the failed or delayed
 * message carries on in {@code sms-maybe-delivered}.
 */
final class TransportFailures {

    private TransportFailures() {
    }

    public static SendResult.Retryable retryable(String provider, HttpExchange.TransportFailure failure) {
        // After the request was written the provider may have sent the SMS; the reason says so,
        // because a retry of this outcome is where duplicates come from.
        String reason = failure.requestWritten()
                ? "no answer after the request was sent (" + failure.reason() + "); delivery unknown"
                : "request not sent (" + failure.reason() + ")";
        return new SendResult.Retryable(provider, failure.code(), reason, failure.requestWritten());
    }
}
