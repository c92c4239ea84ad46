package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.DeliveryStatus;

import java.time.Instant;

/**
 * What a provider's receipts said of a message it may hold after an ambiguous send: the latest state of its
 * delivery record (README "Delivery receipts").
 *
 * @param providerMessageId the provider's id from its receipt, or null when the record has none
 * @param status            the first final status, else {@link DeliveryStatus#INTERMEDIATE} once any receipt came
 * @param at                when the worker recorded the ambiguous send
 */
public record Receipted(String provider, String providerMessageId, DeliveryStatus status, Instant at) {

    /**
     * True when the provider took the message: it was delivered, or is on its way (queued, sent, accepted: any
     * intermediate status). {@code undelivered} and {@code failed} mean the provider had it and it did not arrive.
     */
    public boolean taken() {
        return status == DeliveryStatus.DELIVERED || status == DeliveryStatus.INTERMEDIATE;
    }
}
