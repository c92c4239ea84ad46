package dev.smsworker.worker.failover;

import java.time.Duration;

/**
 * Sent messages kept by message id, each for a bounded time, so that a receipt saying "not delivered" can have the
 * message sent again. Keeping again under the same id replaces: the copy sent last is the one kept.
 */
interface KeptRequests {

    /** @param ttl positive; the request is forgotten after it */
    void keep(KeptRequest request, Duration ttl);

    /** The request kept under {@code messageId}, or null when none is (never kept, expired, evicted, lost). */
    KeptRequest find(String messageId);

    /** Keeps nothing: failover off. */
    KeptRequests NONE = new KeptRequests() {
        @Override
        public void keep(KeptRequest request, Duration ttl) {
        }

        @Override
        public KeptRequest find(String messageId) {
            return null;
        }
    };
}
