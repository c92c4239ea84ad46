package dev.smsworker.contracts;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Publishes {@link SmsRequest}s the way the worker expects them, and says whether the broker stored them; also the
 * login service's {@link ConversionFeedback} ({@link #publishVerified}).
 *
 * <p>Each request goes to the {@value Topology#EXCHANGE} exchange with routing key {@code send.<kind>}, as
 * persistent JSON, with the AMQP message-id set to the request's {@code messageId} (one is assigned and
 * written into the body when absent) and the correlation id in both the {@value Headers#CORRELATION_ID}
 * header and the AMQP property. {@link #publish} returns only after the broker's publisher confirm, and
 * the publish is mandatory, so an unroutable request is reported instead of silently dropped.
 *
 * <p>Give each publisher a channel of its own: the channel is put in confirm mode and a publish waits for
 * every outstanding confirm on it. Publishes are serialised. Needs amqp-client and Jackson 3 databind on
 * the classpath (optional dependencies of this module).
 */
public final class SmsPublisher {

    /** How long {@link #publish} waits for the broker's confirm unless told otherwise. */
    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final Channel channel;
    private final JsonMapper json;
    private final Duration confirmTimeout;
    private volatile Returned lastReturned;

    /** A publisher with ISO-8601 dates (what the schema requires) and the default confirm timeout. */
    public SmsPublisher(Channel channel) throws IOException {
        this(channel, JsonMapper.builder().build(), DEFAULT_CONFIRM_TIMEOUT);
    }

    /** {@code json} must write {@link java.time.Instant} as an ISO-8601 string (Jackson 3's default). */
    public SmsPublisher(Channel channel, JsonMapper json, Duration confirmTimeout) throws IOException {
        this.channel = channel;
        this.json = json;
        this.confirmTimeout = confirmTimeout;
        channel.confirmSelect();
        // The broker sends basic.return before the basic.ack of the same message, on the same
        // connection thread, so the return is recorded by the time the confirm wakes publish().
        channel.addReturnListener(returned -> lastReturned = new Returned(
                returned.getProperties().getMessageId(), returned.getReplyCode(), returned.getReplyText()));
    }

    /** Publishes with a new correlation id. */
    public Result publish(SmsRequest request) throws IOException, InterruptedException {
        return publish(request, null);
    }

    /**
     * Publishes one request and waits for the broker's verdict.
     *
     * @param correlationId the id to trace this request by; a new UUID when null
     * @throws IOException when the connection or channel fails (e.g. the exchange does not exist)
     */
    public synchronized Result publish(SmsRequest request, String correlationId) throws IOException, InterruptedException {
        if (request.to() == null || request.body() == null) {
            throw new IllegalArgumentException("a request needs 'to' and 'body'");
        }
        SmsRequest withId = request.messageId() != null ? request : request.withMessageId(UUID.randomUUID().toString());
        String messageId = withId.messageId();
        String correlation = correlationId != null ? correlationId : UUID.randomUUID().toString();
        return send(withId.kindOrDefault().routingKey(), messageId, correlation, json.writeValueAsBytes(withId));
    }

    /**
     * Publishes "the code of message {@code feedback.messageId()} was used" ({@link ConversionFeedback}) with routing
     * key {@value Topology#FEEDBACK_ROUTING_KEY} and waits for the broker's verdict, as {@link #publish} does; the AMQP
     * message-id, and the result's {@code messageId}, are the SMS's. Publishing the same feedback twice (a retry after
     * a timeout) is harmless: the worker counts one conversion per SMS.
     *
     * @param correlationId the SMS request's correlation id, if known; a new UUID when null
     * @throws IllegalArgumentException when {@code messageId} is missing
     * @throws IOException              when the connection or channel fails
     */
    public synchronized Result publishVerified(ConversionFeedback feedback, String correlationId)
            throws IOException, InterruptedException {
        if (feedback.messageId() == null || feedback.messageId().isEmpty()) {
            throw new IllegalArgumentException("feedback needs the messageId of the SMS whose code was used");
        }
        String correlation = correlationId != null ? correlationId : UUID.randomUUID().toString();
        return send(Topology.FEEDBACK_ROUTING_KEY, feedback.messageId(), correlation, json.writeValueAsBytes(feedback));
    }

    private Result send(String routingKey, String messageId, String correlation, byte[] body) throws IOException, InterruptedException {
        lastReturned = null;
        try {
            channel.basicPublish(Topology.EXCHANGE, routingKey, true, properties(messageId, correlation), body);
            if (!channel.waitForConfirms(confirmTimeout.toMillis())) {
                return new Result.Nacked(messageId);
            }
        } catch (TimeoutException e) {
            return new Result.TimedOut(messageId, confirmTimeout);
        } catch (ShutdownSignalException e) {
            throw new IOException("channel closed: " + e.getMessage(), e);
        }
        Returned returned = lastReturned;
        if (returned != null && messageId.equals(returned.messageId())) {
            return new Result.Unroutable(messageId, routingKey, returned.replyCode(), returned.replyText());
        }
        return new Result.Confirmed(messageId, correlation, routingKey);
    }

    private static AMQP.BasicProperties properties(String messageId, String correlationId) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(messageId)
                .correlationId(correlationId)
                .timestamp(new Date())
                .headers(Map.of(Headers.CORRELATION_ID, correlationId))
                .build();
    }

    private record Returned(String messageId, int replyCode, String replyText) {
    }

    /** What the broker did with a request. Connection failures are exceptions; these are answers. */
    public sealed interface Result {

        String messageId();

        /** Stored in at least one queue. */
        record Confirmed(String messageId, String correlationId, String routingKey) implements Result {
        }

        /** No queue (and no alternate exchange) took it: the topology is missing or the routing key is wrong. */
        record Unroutable(String messageId, String routingKey, int replyCode, String replyText) implements Result {
        }

        /** The broker refused it, e.g. a full queue with {@code reject-publish} overflow. */
        record Nacked(String messageId) implements Result {
        }

        /** No confirm in time: the request may or may not be stored. */
        record TimedOut(String messageId, Duration timeout) implements Result {
        }
    }
}
