package dev.smsworker.ops.replay;

import com.rabbitmq.client.AMQP;
import dev.smsworker.contracts.Headers;
import dev.smsworker.ops.failed.FailedMessage;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The properties a replayed message is published with: a fresh start for the worker, its identity kept. */
final class ReplayMessage {

    /** What the last failure wrote: the worker counts and classifies again from scratch. */
    private static final List<String> FAILURE_HEADERS = List.of(Headers.ATTEMPT, Headers.ERROR_CLASS, Headers.ERROR_CODE,
            Headers.ERROR_MESSAGE, Headers.PROVIDER, Headers.PROVIDER_ERRORS, Headers.FAILED_AT, Headers.SOURCE_QUEUE);

    private ReplayMessage() {
    }

    /**
     * @param restartValidity drop {@code sms-first-attempt-at}, so an OTP expired only by the worker's default
     *                        validity gets a new one (an explicit {@code --include-expired})
     */
    static AMQP.BasicProperties properties(FailedMessage message, String routingKey, Instant replayedAt, boolean restartValidity) {
        AMQP.BasicProperties in = message.properties();
        Map<String, Object> headers = new HashMap<>();
        message.headers().forEach((name, value) -> {
            if (value != null && !isBrokerHeader(name) && !FAILURE_HEADERS.contains(name)) {
                headers.put(name, value);
            }
        });
        if (restartValidity) {
            headers.remove(Headers.FIRST_ATTEMPT_AT);
        }
        String correlationId = message.correlationId();
        if (correlationId != null) {
            headers.put(Headers.CORRELATION_ID, correlationId);
        }
        headers.put(Headers.ROUTING_KEY, routingKey);
        headers.put(Headers.REPLAY_COUNT, message.replayCount() + 1);
        headers.put(Headers.REPLAYED_AT, replayedAt.toString());
        // Not copied: expiration (a per-message TTL could expire it in the work queue; expiresAt is the
        // contract's expiry) and user-id (the broker refuses a publish whose user-id is not ours).
        return new AMQP.BasicProperties.Builder()
                .contentType(in.getContentType())
                .contentEncoding(in.getContentEncoding())
                .messageId(message.messageId())
                .correlationId(correlationId)
                .timestamp(in.getTimestamp())
                .type(in.getType())
                .appId(in.getAppId())
                .priority(in.getPriority())
                .replyTo(in.getReplyTo())
                .deliveryMode(2)
                .headers(headers)
                .build();
    }

    /**
     * Headers the broker writes. Stale {@code x-death} headers can make the broker's dead-letter cycle
     * detection drop the message when it passes the same delay queue again; a stale delivery count would
     * bring it closer to a quorum queue's delivery limit.
     */
    static boolean isBrokerHeader(String name) {
        return name.equals("x-death")
                || name.startsWith("x-first-death-")
                || name.startsWith("x-last-death-")
                || name.equals("x-delivery-count")
                || name.equals("x-acquired-count");
    }
}
