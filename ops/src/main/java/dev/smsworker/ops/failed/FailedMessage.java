package dev.smsworker.ops.failed;

import com.rabbitmq.client.AMQP;
import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.Topology;

import java.time.Instant;
import java.util.Map;

/**
 * One message read from the failed queue, still held (unacked) by a {@link FailedQueueScan}.
 *
 * @param deliveryTag the tag to ack or requeue it by, on the scan's channel
 * @param position    0-based position in the queue when the scan started reading
 * @param routingKey  the routing key it was published to {@code sms.failed} with (the worker keeps the original)
 */
public record FailedMessage(long deliveryTag, int position, String routingKey, AMQP.BasicProperties properties,
                            byte[] body, RequestView request) {

    public static FailedMessage of(long deliveryTag, int position, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        return new FailedMessage(deliveryTag, position, routingKey, properties, body, RequestView.of(body));
    }

    public Map<String, Object> headers() {
        return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
    }

    /** The AMQP message-id (the worker always sets it), else the body's. */
    public String messageId() {
        return properties.getMessageId() != null ? properties.getMessageId() : request.messageId();
    }

    /** The correlation-id header (the worker always sets it), else the AMQP property. */
    public String correlationId() {
        String header = header(Headers.CORRELATION_ID);
        return header != null ? header : properties.getCorrelationId();
    }

    /**
     * The kind as the worker decides it: the body's {@code kind}, else the lane's (see {@link #laneKind()}),
     * else the contract's default (transactional) for a readable body; null when nothing says. A request
     * without {@code kind} published to {@code send.otp} is an OTP, and its validity guard applies.
     */
    public Kind kind() {
        if (request.kind() != null) {
            return request.kind();
        }
        Kind lane = laneKind();
        if (lane != null) {
            return lane;
        }
        return request.readable() ? Kind.TRANSACTIONAL : null;
    }

    /**
     * The kind of the lane the message came through: its routing key ({@code sms-routing-key}, else the key
     * it reached sms.failed with) if that is a {@code send.<kind>} key, else the work queue it failed in
     * ({@code sms-source-queue}, else the broker's {@code x-death}): only the OTP queue names a kind.
     */
    public Kind laneKind() {
        String key = originalRoutingKey();
        for (Kind kind : Kind.values()) {
            if (kind.routingKey().equals(key)) {
                return kind;
            }
        }
        String source = header(Headers.SOURCE_QUEUE);
        if (source == null) {
            source = DeathHeaders.of(headers()).firstQueue();
        }
        return Topology.OTP_QUEUE.equals(source) ? Kind.OTP : null;
    }

    /**
     * Whether the broker dead-lettered this message because its time ran out in a work queue (AMQP
     * {@code expiration} or a queue TTL): {@code x-death} reason {@code expired}. Delay queues expire every
     * message by design and are not counted.
     */
    public boolean expiredByBroker() {
        return DeathHeaders.of(headers()).expiredInWorkQueue();
    }

    /**
     * The {@code sms-maybe-delivered} header ({@code provider:reason, ...}): an earlier attempt may have
     * reached the handset. Null when absent or blank.
     */
    public String maybeDelivered() {
        String value = header(Headers.MAYBE_DELIVERED);
        return value == null || value.isBlank() ? null : value;
    }

    /** The routing key the publisher used: the {@code sms-routing-key} header, else the one it reached us with. */
    public String originalRoutingKey() {
        String header = header(Headers.ROUTING_KEY);
        if (header != null && !header.isEmpty()) {
            return header;
        }
        return routingKey == null || routingKey.isEmpty() ? null : routingKey;
    }

    public String errorClass() {
        return header(Headers.ERROR_CLASS);
    }

    public String errorCode() {
        return header(Headers.ERROR_CODE);
    }

    public String errorMessage() {
        return header(Headers.ERROR_MESSAGE);
    }

    public String provider() {
        return header(Headers.PROVIDER);
    }

    public Instant failedAt() {
        return HeaderValues.instant(headers(), Headers.FAILED_AT).orElse(null);
    }

    public Instant firstAttemptAt() {
        return HeaderValues.instant(headers(), Headers.FIRST_ATTEMPT_AT).orElse(null);
    }

    public Instant replayedAt() {
        return HeaderValues.instant(headers(), Headers.REPLAYED_AT).orElse(null);
    }

    public int attempt() {
        return HeaderValues.count(headers(), Headers.ATTEMPT);
    }

    public int replayCount() {
        return HeaderValues.count(headers(), Headers.REPLAY_COUNT);
    }

    /** How often the queue handed this message out (quorum queues): every browse counts one. */
    public int deliveryCount() {
        return HeaderValues.count(headers(), "x-delivery-count");
    }

    public String header(String name) {
        return HeaderValues.string(headers(), name).orElse(null);
    }
}
