package dev.smsworker.worker.receipts;

/**
 * One provider's receipts: how it proves a request is its own, and how its fields map onto
 * {@link dev.smsworker.contracts.DeliveryReceipt}. Implementations check authenticity first and read the
 * body only when it passed.
 */
interface ReceiptFormat {

    /** The worker's provider name, also the last path segment: {@code /receipts/<provider>}. */
    String provider();

    /** Whether the provider sends receipts with this method ({@code GET} or {@code POST}). */
    boolean accepts(String method);

    Verdict read(InboundRequest request);
}
