package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;

/**
 * Sent messages by provider and provider message id (and by our message id, for providers that echo it), each
 * with its delivery state, for {@code sms.receipts.record-ttl}. Implementations apply a receipt atomically:
 * two copies of one receipt processed at once give one {@link Effect.Final}.
 */
interface DeliveryRecords {

    void track(TrackedSend send);

    /** The record of message {@code messageId} sent (or maybe sent) through {@code provider}, or null. */
    TrackedSend find(String provider, String messageId);

    /** Finds the receipt's message, decides with {@link ReceiptLedger} and keeps the new state, in one step. */
    Effect apply(DeliveryReceipt receipt);
}
