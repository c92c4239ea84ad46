package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;

/** What one stored receipt does to the message it reports on. */
sealed interface Effect {

    /** No sent record matches: sent before receipts were on, forgotten (TTL, bound, restart), or not ours. */
    record UnknownMessage() implements Effect {
    }

    /**
     * Changes nothing: the message already has a final status, or a newer report came first.
     *
     * @param send the message's record as it stays
     */
    record Unchanged(String reason, TrackedSend send) implements Effect {
    }

    /** An intermediate status (queued, sent, buffered) recorded; no event. */
    record Progress(TrackedSend send) implements Effect {
    }

    /** The message's first final status: one {@code delivered} or {@code undelivered} event. */
    record Final(TrackedSend send, DeliveryReceipt receipt) implements Effect {
    }
}
