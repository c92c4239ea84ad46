package dev.smsworker.worker.providers;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.PhoneMask;

import java.time.Instant;

/**
 * A validated SMS, ready for a provider.
 *
 * @param messageId the id providers get as their client reference, where their API has one
 * @param to        E.164, validated
 * @param from      the sender the publisher asked for, or null for the provider's configured one
 * @param expiresAt when the message stops being worth delivering (the request's {@code expiresAt}, or an OTP's
 *                  default validity), or null when it never does; providers pass what is left of it to the
 *                  carrier (docs/providers.md, "Validity")
 */
public record OutgoingSms(String messageId, String correlationId, String to, String body, String from, Kind kind,
                          Instant expiresAt) {

    /** A message without expiry. */
    public OutgoingSms(String messageId, String correlationId, String to, String body, String from, Kind kind) {
        this(messageId, correlationId, to, body, from, kind, null);
    }

    @Override
    public String toString() {
        return "OutgoingSms[messageId=" + messageId + ", to=" + PhoneMask.mask(to) + ", kind=" + kind + "]";
    }
}
