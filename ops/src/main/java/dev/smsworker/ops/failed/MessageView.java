package dev.smsworker.ops.failed;

import dev.smsworker.contracts.PhoneMask;

import java.time.Instant;

/**
 * A failed message as {@code failed list --json} prints it: numbers masked, the text only when asked.
 *
 * @param position 0-based position in the failed queue
 * @param maybeDelivered the {@code sms-maybe-delivered} header: an earlier attempt may have reached the handset
 * @param body     the SMS text, only with {@code --show-body}
 */
public record MessageView(int position, String messageId, String correlationId, String kind, String to, String errorClass,
                          String errorCode, String errorMessage, String provider, int attempt, int replayCount,
                          Instant failedAt, String routingKey, String maybeDelivered, Integer bodyChars, String body) {

    public static MessageView of(FailedMessage message, boolean showBody) {
        RequestView request = message.request();
        String text = request.text();
        return new MessageView(message.position(), message.messageId(), message.correlationId(),
                message.kind() == null ? null : message.kind().wireName(), PhoneMask.mask(request.to()),
                message.errorClass(), message.errorCode(), message.errorMessage(), message.provider(), message.attempt(),
                message.replayCount(), message.failedAt(), message.originalRoutingKey(), message.maybeDelivered(),
                text == null ? null : text.length(), showBody ? text : null);
    }
}
