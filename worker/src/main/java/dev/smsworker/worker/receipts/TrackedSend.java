package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import dev.smsworker.contracts.Kind;

import java.time.Instant;

/**
 * What the worker keeps of one accepted send so that its receipts find the message: ids, never the number or text.
 *
 * @param providerMessageId null when the provider's answer carried none readably (an ambiguous send); receipts
 *                          then find it only by our message id echoed as a client reference
 * @param finalStatus       the first final receipt's status, or null while none came; never changed once set
 * @param lastStatus        the provider's status word of the last receipt applied, or null
 * @param lastAt            the provider's time of that receipt, or null
 * @param correlationId     null only in an {@link #early} record
 * @param recipientKey      the number's hash ({@code SuppressedNumber.hash}), so an opt-out or landline receipt can
 *                          suppress it; null in an early record and in records of earlier versions
 * @param recipientMask     the masked number, for the suppression's entry; never the full number
 */
record TrackedSend(String messageId, String correlationId, Kind kind, int attempt, Instant firstAttemptAt,
                   String provider, String providerMessageId, Instant sentAt,
                   DeliveryStatus finalStatus, String lastStatus, Instant lastAt,
                   String recipientKey, String recipientMask) {

    /** A record without the recipient (tests, early records). */
    TrackedSend(String messageId, String correlationId, Kind kind, int attempt, Instant firstAttemptAt,
                String provider, String providerMessageId, Instant sentAt,
                DeliveryStatus finalStatus, String lastStatus, Instant lastAt) {
        this(messageId, correlationId, kind, attempt, firstAttemptAt, provider, providerMessageId, sentAt, finalStatus,
                lastStatus, lastAt, null, null);
    }

    /**
     * A record made from a receipt that came before the worker recorded the send (a provider that reports before
     * its HTTP answer, late or lost, reaches us): only our echoed message id, the provider's id and the status.
     * It publishes no event; it answers {@link DeliveryRecords#find} until the send is recorded, which adopts it.
     */
    static TrackedSend early(DeliveryReceipt receipt, Instant now) {
        return new TrackedSend(receipt.clientReference(), null, null, 0, null, receipt.provider(), receipt.providerMessageId(),
                now, null, null, null).withReceipt(receipt.status(), receipt.providerStatus(), receipt.at());
    }

    boolean early() {
        return correlationId == null;
    }

    TrackedSend withReceipt(DeliveryStatus status, String providerStatus, Instant at) {
        return new TrackedSend(messageId, correlationId, kind, attempt, firstAttemptAt, provider, providerMessageId, sentAt,
                status.isFinal() ? status : finalStatus, providerStatus, at, recipientKey, recipientMask);
    }
}
