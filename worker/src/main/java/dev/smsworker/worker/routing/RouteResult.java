package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.SendResult;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of one attempt across the providers.
 *
 * @param outcome  {@link SendResult.Sent}, or the failure that decides what happens next
 * @param failures every provider's failure in this attempt, in the order they were tried; a provider
 *                 skipped behind its open breaker shows its last real failure
 * @param waiting  {@link Waiting#NONE} when some provider was called (or all are known to be provider-fatal);
 *                 otherwise why no provider could be tried, and the attempt does not count
 */
public record RouteResult(SendResult outcome, List<SendResult.Failed> failures, Waiting waiting) {

    /** Why no provider of the route could be tried. */
    public enum Waiting {
        /** A provider was called: the attempt counts. */
        NONE,
        /** Every provider of the route is switched off or behind an open breaker: an outage. */
        FOR_PROVIDER,
        /** Some provider is up but had no rate-limit permit within the wait. */
        FOR_PERMIT
    }

    public RouteResult {
        failures = List.copyOf(failures);
    }

    public RouteResult(SendResult outcome, List<SendResult.Failed> failures) {
        this(outcome, failures, Waiting.NONE);
    }

    /** True when no provider could be tried: the message should wait, not spend an attempt. */
    public boolean mustWait() {
        return waiting != Waiting.NONE;
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
