package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;

/**
 * Sent messages by provider and provider message id (and by our message id, for providers that echo it), each
 * with its delivery state, for {@code sms.receipts.record-ttl}. Implementations apply a receipt atomically:
 * two copies of one receipt processed at once give one {@link Effect.Final}.
 */
interface DeliveryRecords {

    void track(TrackedSend send);

    /**
     * The record of message {@code messageId} sent (or maybe sent) through {@code provider}; else the
     * {@link TrackedSend#early early} record its receipts made before the send was recorded; else null.
     */
    TrackedSend find(String provider, String messageId);

    /**
     * Finds the receipt's message, decides with {@link ReceiptLedger} and keeps the new state, in one step. A receipt
     * that finds no message but names our message id is kept as an {@link TrackedSend#early early} record: an
     * ambiguous send recorded after it still learns what the provider did (issue 12).
     */
    Effect apply(DeliveryReceipt receipt);
}
