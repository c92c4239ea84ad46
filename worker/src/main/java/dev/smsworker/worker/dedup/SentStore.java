package dev.smsworker.worker.dedup;

import java.util.Optional;

/**
 * Where claims and sent records of message ids live. Implementations may throw when their backend is
 * unreachable; {@link SendDeduplication} decides what that means.
 */
interface SentStore {

    /**
     * Takes {@code claim} on the id for {@code sms.dedup.claim-timeout}, atomically, unless a live claim or a
     * sent record holds it. Asking again with the same claim (same token) finds it ours and renews it: a
     * claim whose first call timed out on the client but reached the store is recognised, not orphaned.
     *
     * @return empty when the claim is now ours; else what holds the id (the claim was not taken)
     */
    Optional<IdHolder> claim(String messageId, InFlight claim);

    /**
     * Extends {@code claim} by {@code sms.dedup.claim-timeout} from now, if it still holds the id.
     *
     * @return false when the id is no longer held by this claim (it lapsed, and perhaps another took it)
     */
    boolean renew(String messageId, InFlight claim);

    /** Records the send, replacing {@code claim}, for {@code sms.dedup.ttl}. */
    void remember(String messageId, InFlight claim, SentRecord record);

    /** Gives the id back after a send that did not happen; does nothing when {@code claim} no longer holds it. */
    void release(String messageId, InFlight claim);
}
