package dev.smsworker.worker.dedup;

/** What {@link SendDeduplication#claim} found for a delivery's message id. */
public sealed interface Claim {

    /**
     * The id is this delivery's to send: follow with {@link SendDeduplication#recordSend} or
     * {@link SendDeduplication#release}. {@code claim} is null when the store could not be asked and
     * {@code sms.dedup.required} is off (the message is sent unprotected, as before claims existed).
     */
    record Held(String messageId, Fingerprint fingerprint, InFlight claim) implements Claim {
    }

    /** The same message was sent already (a redelivery, or a second copy): ack, send nothing. */
    record AlreadySent(SentRecord previous) implements Claim {
    }

    /** Another delivery of the same message is being sent now and did not end within the claim wait. */
    record InProgress() implements Claim {
    }

    /** The id is known for another message (other recipient or text): this request is refused. */
    record Reused(boolean sent) implements Claim {
    }
}
