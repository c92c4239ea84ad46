package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;

import java.util.List;

/** What a receipt endpoint makes of one request, before anything is stored. */
sealed interface Verdict {

    /** Authentic and readable: store these receipts (one per part or recipient), then answer 200. */
    record Accepted(List<DeliveryReceipt> receipts) implements Verdict {
    }

    /** The provider's authenticity check failed (or is not configured): 403, nothing stored. */
    record Rejected(String result) implements Verdict {
    }

    /** Authentic, but not a receipt we can read: 400, nothing stored. The reason never quotes the request. */
    record Malformed(String reason) implements Verdict {
    }

    /** Authentic, and not a delivery receipt (an inbound SMS on the same URL): 200, nothing stored. */
    record Ignored(String reason) implements Verdict {
    }
}
