package dev.smsworker.worker.providers;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.PhoneMask;

/**
 * A validated SMS, ready for a provider.
 *
 * @param messageId the id providers get as their client reference, where their API has one
 * @param to        E.164, validated
 * @param from      the sender the publisher asked for, or null for the provider's configured one
 */
public record OutgoingSms(String messageId, String correlationId, String to, String body, String from, Kind kind) {

    @Override
    public String toString() {
        return "OutgoingSms[messageId=" + messageId + ", to=" + PhoneMask.mask(to) + ", kind=" + kind + "]";
    }
}
