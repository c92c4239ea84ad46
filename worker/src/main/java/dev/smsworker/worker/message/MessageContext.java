package dev.smsworker.worker.message;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.encoding.Segments;
import org.springframework.amqp.core.Message;

import java.time.Instant;

/**
 * What the worker knows about a consumed message, whether or not its body could be read.
 *
 * @param original       the message as consumed (body untouched, headers as received)
 * @param messageId      from the body, else the AMQP property, else assigned by the worker
 * @param kind           from the body, or null when the body could not be read
 * @param attempt        1-based number of the attempt being made now
 * @param firstAttemptAt when the first attempt was made (now, for a fresh message)
 * @param routingKey     the key the publisher used; a republish keeps it so the message returns to its lane
 * @param sourceQueue    the work queue it was consumed from
 * @param segments       the body's encoding and segments, once the request is valid; else null
 * @param country        the destination's region ({@code NO}), once the request is valid; null when unknown
 * @param recipient      the destination, once the request is valid; else null
 * @param expiresAt      when the message stops being worth sending, once decided before the send; null when it
 *                       never expires or before that
 */
public record MessageContext(
        Message original,
        String messageId,
        String correlationId,
        Kind kind,
        int attempt,
        Instant firstAttemptAt,
        String routingKey,
        String sourceQueue,
        Segments segments,
        String country,
        Recipient recipient,
        Instant expiresAt) {

    /** A context before the body was measured. */
    public MessageContext(Message original, String messageId, String correlationId, Kind kind, int attempt,
                          Instant firstAttemptAt, String routingKey, String sourceQueue) {
        this(original, messageId, correlationId, kind, attempt, firstAttemptAt, routingKey, sourceQueue, null, null, null, null);
    }

    /** This context with the valid request's measures. */
    public MessageContext measured(Segments segments, String country, Recipient recipient) {
        return new MessageContext(original, messageId, correlationId, kind, attempt, firstAttemptAt, routingKey,
                sourceQueue, segments, country, recipient, expiresAt);
    }

    /** This context with the expiry decided before the send. */
    public MessageContext expiring(Instant expiresAt) {
        return new MessageContext(original, messageId, correlationId, kind, attempt, firstAttemptAt, routingKey,
                sourceQueue, segments, country, recipient, expiresAt);
    }
}
