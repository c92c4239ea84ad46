package dev.smsworker.worker.outcome;

import java.util.Optional;

/** Reads a message's delivery record, kept by the {@code receipts} package while receipts are on. */
public interface ReceiptLookup {

    /**
     * @return what {@code provider}'s receipts said of message {@code messageId}; empty when no receipt came (or no
     *         record is kept: receipts off, record expired, another worker's memory)
     */
    Optional<Receipted> find(String provider, String messageId);
}
