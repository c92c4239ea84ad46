package dev.smsworker.worker.dedup;

/** What holds a message id in the store: a send in progress (a claim) or a send done (a sent record). */
public sealed interface IdHolder permits InFlight, SentRecord {

    /** The fingerprint of the message this holder is for; null for records written before fingerprints. */
    String fingerprint();

    /** Whether {@code other} is the same message: true when this holder's fingerprint is unknown. */
    default boolean sameMessage(Fingerprint other) {
        return fingerprint() == null || fingerprint().equals(other.hex());
    }
}
