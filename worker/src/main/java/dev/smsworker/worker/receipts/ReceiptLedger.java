package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;

import java.time.Instant;

/**
 * The rule for receipts, pure: providers send the same status more than once and out of order (Sinch retries for
 * 22 hours, Twilio's {@code sent} can arrive after {@code delivered}), so the first final status wins and nothing
 * after it changes the message; an intermediate one is kept only when it is not older than the last one kept.
 */
final class ReceiptLedger {

    private ReceiptLedger() {
    }

    /**
     * A receipt that found no record but names our message id: kept as an {@link TrackedSend#early} record (or
     * added to the one kept), by the same first-final-wins rule; null when there is nothing to keep.
     */
    static TrackedSend early(TrackedSend current, DeliveryReceipt receipt, Instant now) {
        if (receipt.clientReference() == null) {
            return null;
        }
        if (current == null) {
            return TrackedSend.early(receipt, now);
        }
        return switch (decide(current, receipt)) {
            case Effect.Final f -> f.send();
            case Effect.Progress p -> p.send();
            case Effect.Unchanged ignored -> null;
            case Effect.UnknownMessage ignored -> null;
        };
    }

    /** @param current the message's record, or null when none matches */
    static Effect decide(TrackedSend current, DeliveryReceipt receipt) {
        if (current == null) {
            return new Effect.UnknownMessage();
        }
        if (current.finalStatus() != null) {
            return new Effect.Unchanged(current.finalStatus() == receipt.status() ? "duplicate" : "after-final", current);
        }
        TrackedSend updated = current.withReceipt(receipt.status(), receipt.providerStatus(), receipt.at());
        if (receipt.status().isFinal()) {
            return new Effect.Final(updated, receipt);
        }
        if (current.lastAt() != null && receipt.at().isBefore(current.lastAt())) {
            return new Effect.Unchanged("out-of-order", current);
        }
        if (receipt.providerStatus() != null && receipt.providerStatus().equals(current.lastStatus())) {
            return new Effect.Unchanged("duplicate", current);
        }
        return new Effect.Progress(updated);
    }
}
