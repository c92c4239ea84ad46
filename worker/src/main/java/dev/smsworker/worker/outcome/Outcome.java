package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.RefusalCode;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.retry.DelayTier;

import java.time.Instant;

/**
 * What becomes of one consumed message, as decided by {@link OutcomePolicy}, made durable by
 * {@link OutcomeStore} and observed by the {@link OutcomeListener}s. A message that is handed back to the
 * broker (requeued) has no outcome yet: it is processed again.
 *
 * <p>Every switch over it has no default, so a new outcome stops the build at each place that must
 * decide what it means: the store (where it goes), the log line, the metrics and the status events.
 */
public sealed interface Outcome {

    /** A provider accepted it in this attempt. */
    record Sent(String provider, String providerMessageId) implements Outcome {
    }

    /**
     * A provider accepted it before (a redelivery whose ack was lost, or a second copy): acked, not sent again.
     *
     * @param sentAt when the earlier delivery was accepted
     */
    record AlreadySent(String provider, String providerMessageId, Instant sentAt) implements Outcome {
    }

    /** The attempt failed retryably: it waits in {@code tier}'s delay queue, then comes back to its lane. */
    record Delayed(DelayTier tier, Failure failure) implements Outcome {
    }

    /**
     * Refused by the guard before any provider was called: it goes to {@code sms.failed} as {@code REFUSED}
     * with the rule's code, as {@link #failure()} says.
     */
    record Refused(RefusalCode code, String reason) implements Outcome {

        public Failure failure() {
            return Failure.of(ErrorClass.REFUSED, code.code(), reason);
        }
    }

    /** Given up: it goes to {@code sms.failed} with headers that say why. */
    record Failed(Failure failure) implements Outcome {
    }
}
