package dev.smsworker.worker.message;

import dev.smsworker.contracts.Kind;
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
 */
public record MessageContext(
        Message original,
        String messageId,
        String correlationId,
        Kind kind,
        int attempt,
        Instant firstAttemptAt,
        String routingKey,
        String sourceQueue) {
}
