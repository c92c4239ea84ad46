package dev.smsworker.worker.recovery;

import com.rabbitmq.client.AMQP;
import dev.smsworker.contracts.Headers;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties of a replayed copy, as {@code sms-ops replay} builds them: the failure headers and
 * attempt count dropped (the worker counts afresh), identity, first attempt and routing key kept,
 * {@code sms-replay-count} raised. Ops' own copy lives in the ops module; modules share only contracts.
 */
final class ReplayCopy {

    private static final List<String> FAILURE_HEADERS = List.of(Headers.ATTEMPT, Headers.ERROR_CLASS, Headers.ERROR_CODE,
            Headers.ERROR_MESSAGE, Headers.PROVIDER, Headers.PROVIDER_ERRORS, Headers.FAILED_AT, Headers.SOURCE_QUEUE);

    private ReplayCopy() {
    }

    static AMQP.BasicProperties properties(AMQP.BasicProperties in, String routingKey, Instant replayedAt) {
        Map<String, Object> headers = new HashMap<>();
        if (in.getHeaders() != null) {
            in.getHeaders().forEach((name, value) -> {
                if (value != null && !isBrokerHeader(name) && !FAILURE_HEADERS.contains(name)) {
                    headers.put(name, value);
                }
            });
        }
        Object count = headers.get(Headers.REPLAY_COUNT);
        int replays = count instanceof Number number ? number.intValue() : 0;
        headers.put(Headers.ROUTING_KEY, routingKey);
        headers.put(Headers.REPLAY_COUNT, replays + 1);
        headers.put(Headers.REPLAYED_AT, replayedAt.toString());
        // Not copied: expiration (a per-message TTL could expire it in the work queue) and user-id.
        return new AMQP.BasicProperties.Builder()
                .contentType(in.getContentType())
                .contentEncoding(in.getContentEncoding())
                .messageId(in.getMessageId())
                .correlationId(in.getCorrelationId())
                .timestamp(in.getTimestamp())
                .type(in.getType())
                .appId(in.getAppId())
                .priority(in.getPriority())
                .deliveryMode(2)
                .headers(headers)
                .build();
    }

    /** Stale x-death headers can make the broker's dead-letter cycle detection drop the copy later. */
    private static boolean isBrokerHeader(String name) {
        return name.equals("x-death") || name.startsWith("x-first-death-") || name.startsWith("x-last-death-")
                || name.equals("x-delivery-count") || name.equals("x-acquired-count");
    }
}
