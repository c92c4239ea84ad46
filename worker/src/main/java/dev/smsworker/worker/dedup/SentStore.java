package dev.smsworker.worker.dedup;

import java.util.Optional;

/**
 * Where claims and sent records of message ids live. Implementations may throw when their backend is
 * unreachable; {@link SendDeduplication} decides what that means.
 */
interface SentStore {

    /**
     * Takes {@code claim} on the id, atomically, unless a live claim or a sent record holds it.
     *
     * @return empty when the claim is now ours; else what holds the id (the claim was not taken)
     */
    Optional<IdHolder> claim(String messageId, InFlight claim);

    /** Records the send, replacing {@code claim}, for {@code sms.dedup.ttl}. */
    void remember(String messageId, InFlight claim, SentRecord record);

    /** Gives the id back after a send that did not happen; does nothing when {@code claim} no longer holds it. */
    void release(String messageId, InFlight claim);
}
