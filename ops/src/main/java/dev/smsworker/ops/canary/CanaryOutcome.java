package dev.smsworker.ops.canary;

import java.time.Duration;

/** How a canary ended. The command turns each into an exit code; a slow {@link Sent} is judged there. */
sealed interface CanaryOutcome {

    /** The worker reported it {@code sent}: {@code latency} from just before the publish to the event's arrival. */
    record Sent(Duration latency, String provider, int attempt) implements CanaryOutcome {
    }

    /** The worker gave up on it. */
    record Failed(Duration after, String errorClass, String errorCode) implements CanaryOutcome {
    }

    /** No verdict in time; {@code retries} retrying events were seen. */
    record TimedOut(Duration timeout, int retries) implements CanaryOutcome {
    }

    /** The broker did not take the request (unroutable, refused, unconfirmed). */
    record NotPublished(String reason) implements CanaryOutcome {
    }
}
