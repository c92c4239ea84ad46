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

    /**
     * Stopped by a guard rule that holds rather than refuses (a kind at its spend cap with
     * {@code sms.spend.caps.<kind>.at-cap=hold}): no provider was called and no attempt is spent. It waits in
     * {@code tier}'s delay queue with {@code sms-held}, then comes back to its lane and meets the rule again.
     *
     * @param since when it was first held (kept from {@code sms-held-since} while it is held again and again)
     */
    record Held(DelayTier tier, RefusalCode code, String reason, Instant since) implements Outcome {
    }

    /** Given up: it goes to {@code sms.failed} with headers that say why. */
    record Failed(Failure failure) implements Outcome {
    }
}
