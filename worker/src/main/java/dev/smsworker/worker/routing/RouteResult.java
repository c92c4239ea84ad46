package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.SendResult;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of one attempt across the providers.
 *
 * @param outcome  {@link SendResult.Sent}, or the failure that decides what happens next
 * @param failures every provider's failure in this attempt, in the order they were tried
 */
public record RouteResult(SendResult outcome, List<SendResult.Failed> failures) {

    public RouteResult {
        failures = List.copyOf(failures);
    }

    /** {@code twilio=RETRYABLE:503; vonage=PROVIDER_FATAL:9}, or null when no provider failed. */
    public String failureSummary() {
        if (failures.isEmpty()) {
            return null;
        }
        return failures.stream()
                .map(f -> f.provider() + "=" + f.errorClass() + ":" + f.code())
                .collect(Collectors.joining("; "));
    }

    /**
     * The attempts of this route that may have reached the handset although they failed (a timeout after the
     * request was written), as {@code provider:code} joined by {@code ", "} (the format of
     * {@code sms-maybe-delivered}); null when none may have.
     */
    public String maybeDelivered() {
        String entries = failures.stream()
                .filter(SendResult.Failed::maybeDelivered)
                .map(f -> f.provider() + ":" + f.code())
                .distinct()
                .collect(Collectors.joining(", "));
        return entries.isEmpty() ? null : entries;
    }
}
