package dev.smsworker.worker.failover;

import dev.smsworker.contracts.Kind;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A sent message as the worker keeps it while a receipt may still ask for it to be sent again: the copy it would
 * republish (the original body, the cleaned headers and the worker's own), and what the failover decides on. Holds
 * the number and the text: never logged ({@link #toString()} says neither), kept only for the message's remaining
 * validity, sealed when it leaves the process.
 *
 * @param routingKey the publisher's, so the copy returns to its lane
 * @param to         E.164, for the route of the copy
 * @param expiresAt  null when the message never expires
 * @param sentBy     the provider that accepted this copy: only its receipts can send it again
 * @param headers    the copy's headers, values as text, numbers or booleans
 */
record KeptRequest(String messageId, String routingKey, String to, Kind kind, Instant expiresAt, String sentBy,
                   String contentType, String contentEncoding, String correlationId, String type, String appId,
                   Map<String, Object> headers, byte[] body) {

    static KeptRequest of(Message copy, String routingKey, String to, Kind kind, Instant expiresAt, String sentBy) {
        MessageProperties properties = copy.getMessageProperties();
        Map<String, Object> headers = new HashMap<>();
        properties.getHeaders().forEach((name, value) -> {
            Object kept = portable(value);
            if (kept != null) {
                headers.put(name, kept);
            }
        });
        return new KeptRequest(properties.getMessageId(), routingKey, to, kind, expiresAt, sentBy, properties.getContentType(),
                properties.getContentEncoding(), properties.getCorrelationId(), properties.getType(), properties.getAppId(),
                headers, copy.getBody());
    }

    /** The copy to publish, with its headers as kept. */
    Message toMessage() {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(messageId);
        properties.setContentType(contentType);
        properties.setContentEncoding(contentEncoding);
        properties.setCorrelationId(correlationId);
        properties.setType(type);
        properties.setAppId(appId);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.getHeaders().putAll(headers);
        return new Message(body, properties);
    }

    /** About what it costs to hold, in bytes: the body, the headers' text and the object overhead. */
    int weight() {
        int weight = 512 + body.length;
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            weight += 64 + header.getKey().length() * 2 + String.valueOf(header.getValue()).length() * 2;
        }
        return weight;
    }

    /**
     * Header values that survive a trip through JSON as they were: text, numbers, booleans. AMQP's long strings
     * become text; tables and arrays (a publisher's own) are dropped, as the copy must stay readable.
     */
    private static Object portable(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Integer number -> number;
            case Long number -> number;
            case Boolean flag -> flag;
            case Number number -> number.toString();
            case com.rabbitmq.client.LongString text -> text.toString();
            case java.util.Date date -> date.toInstant().toString();
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "KeptRequest[messageId=" + messageId + ", kind=" + kind + ", expiresAt=" + expiresAt + "]";
    }
}
