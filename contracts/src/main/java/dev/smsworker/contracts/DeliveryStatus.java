package dev.smsworker.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A delivery receipt's verdict, normalised across providers. {@link #DELIVERED}, {@link #UNDELIVERED} and
 * {@link #FAILED} are final: no later receipt changes a message's state once one of them arrived.
 */
public enum DeliveryStatus {
    /** The carrier reported the SMS on the handset (Twilio {@code delivered}, Vonage {@code delivered}, ...). */
    DELIVERED,
    /** Sent towards the carrier, not delivered (Twilio {@code undelivered}, Vonage {@code failed}/{@code expired}). */
    UNDELIVERED,
    /** Never left the provider (Twilio {@code failed}, Vonage {@code rejected}, Sinch {@code Aborted}/{@code Rejected}). */
    FAILED,
    /** On its way (queued, sent, buffered, accepted): informs, never overrides a final status. */
    INTERMEDIATE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isFinal() {
        return this != INTERMEDIATE;
    }
}
