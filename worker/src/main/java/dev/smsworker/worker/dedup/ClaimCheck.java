package dev.smsworker.worker.dedup;

/**
 * Asks whether this worker still holds the claim on a message id it is about to send, renewing it if so.
 * {@code routing.RouteHold} asks before each attempt that follows a hold: the claim must have a whole
 * {@code sms.dedup.claim-timeout} ahead of it when a provider call starts.
 */
@FunctionalInterface
public interface ClaimCheck {

    /** For a worker without claims (and tests): every id counts as held. */
    ClaimCheck NONE = messageId -> Standing.HELD;

    /** Renews the claim on {@code messageId} now; {@link Standing#HELD} when this worker holds none. */
    Standing confirm(String messageId);

    enum Standing {
        /** Ours, and renewed: the attempt may call a provider. */
        HELD,
        /** The store did not answer: whether the claim is still ours is unknown, so no call now; ask again later. */
        UNCONFIRMED,
        /** The claim lapsed (the store was away longer than the claim timeout): another delivery may send; this one must not. */
        LOST
    }
}
