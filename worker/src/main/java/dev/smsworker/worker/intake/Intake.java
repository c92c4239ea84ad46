package dev.smsworker.worker.intake;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.contracts.Topology;
import dev.smsworker.contracts.Validity;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.UUID;

/**
 * Turns a consumed message into a {@link Received}: ids, attempt count and lane from its headers and
 * properties, and the request from its body. Never throws: anything unreadable becomes a reason.
 * The worker's own {@code sms-*} headers that the message's {@link Provenance} can't have written are
 * removed from the message first: they are neither read nor carried into a retry or the failed queue.
 */
@Component
public class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    /**
     * Beyond this, an attempt count read from a header is this: far more than any retry schedule allows (so the
     * message is exhausted either way), and the next attempt's number ({@code + 1}) can't overflow.
     */
    private static final int MAX_ATTEMPTS_READ = 1_000;

    private final RequestReader reader;

    Intake(RequestReader reader) {
        this.reader = reader;
    }

    public Received receive(Message message, String sourceQueue, Instant now) {
        MessageProperties properties = message.getMessageProperties();
        int ignored = Provenance.of(properties).strip(properties);
        if (ignored > 0) {
            log.debug("ignored {} sms-* header(s) a publisher set", ignored);
        }
        ReadResult result = Topology.UNROUTED_QUEUE.equals(sourceQueue)
                ? unrouted(properties)
                : propertyIdCheck(reader.read(message.getBody()), properties);
        SmsRequest request = switch (result) {
            case ReadResult.Valid valid -> valid.request();
            case ReadResult.Invalid invalid -> invalid.request();
        };
        String routingKey = routingKey(properties);
        MessageContext context = new MessageContext(
                message,
                messageId(request, properties),
                CorrelationIds.resolve(properties),
                request == null ? null : kind(request, routingKey),
                // The count is ours, never x-death's: RabbitMQ 4 stops maintaining x-death for republished messages.
                Math.min(HeaderValues.count(properties.getHeaders(), Headers.ATTEMPT), MAX_ATTEMPTS_READ) + 1,
                firstAttemptAt(properties, now),
                routingKey,
                sourceQueue);
        return new Received(context, laneCheck(result, context, sourceQueue));
    }

    /**
     * The AMQP message-id stands in for a body without {@code messageId}, so it follows the same text rule:
     * at most 128 characters of valid Unicode, no control characters and no U+FFFD (the client library's
     * stand-in for bytes that were not UTF-8). One without anything visible counts as absent.
     */
    private static ReadResult propertyIdCheck(ReadResult result, MessageProperties properties) {
        String property = properties.getMessageId();
        if (result instanceof ReadResult.Valid valid && valid.request().messageId() == null
                && property != null && Text.hasVisible(property) && !acceptableId(property)) {
            return new ReadResult.Invalid(Failure.of(ErrorClass.MALFORMED, "invalid-message-id",
                    "the AMQP message-id must be at most " + RequestValidator.MAX_MESSAGE_ID_LENGTH
                            + " characters of valid Unicode without control characters"), valid.request());
        }
        return result;
    }

    private static boolean acceptableId(String id) {
        return id.length() <= RequestValidator.MAX_MESSAGE_ID_LENGTH && Text.validUnicode(id)
                && !Text.hasControl(id, "") && id.indexOf('\uFFFD') < 0;
    }

    /** An OTP published to the transactional lane (or the other way round) would jump or lose its queue. */
    private static ReadResult laneCheck(ReadResult result, MessageContext context, String sourceQueue) {
        if (result instanceof ReadResult.Valid valid) {
            boolean otpLane = Topology.OTP_QUEUE.equals(sourceQueue);
            if (otpLane != (context.kind() == Kind.OTP)) {
                return new ReadResult.Invalid(Failure.of(ErrorClass.MALFORMED, "kind-mismatch",
                        "kind '" + context.kind().wireName() + "' published with routing key '" + context.routingKey()
                                + "'; use " + context.kind().routingKey()), valid.request());
            }
        }
        return result;
    }

    /** A request without a kind takes its lane's: an OTP published to send.otp is an OTP. */
    private static Kind kind(SmsRequest request, String routingKey) {
        if (request.kind() != null) {
            return request.kind();
        }
        for (Kind kind : Kind.values()) {
            if (kind.routingKey().equals(routingKey)) {
                return kind;
            }
        }
        return request.kindOrDefault();
    }

    private static ReadResult unrouted(MessageProperties properties) {
        return new ReadResult.Invalid(Failure.of(ErrorClass.MALFORMED, "unknown-routing-key",
                "routing key '" + shortKey(properties.getReceivedRoutingKey()) + "' matches no queue; use send.<kind>"), null);
    }

    private static String messageId(SmsRequest request, MessageProperties properties) {
        if (request != null && request.messageId() != null) {
            return request.messageId();
        }
        String property = properties.getMessageId();
        if (property != null && Text.hasVisible(property) && acceptableId(property)) {
            return property;
        }
        return UUID.randomUUID().toString();
    }

    /**
     * A first attempt can't lie in the future ({@link Validity#believableFirstAttempt}). A forged or skewed header
     * would otherwise stretch an OTP's validity, or overflow it: the end of time plus ten minutes throws.
     * Without a believable one, this attempt is the first.
     */
    private static Instant firstAttemptAt(MessageProperties properties, Instant now) {
        Instant header = HeaderValues.instant(properties.getHeaders(), Headers.FIRST_ATTEMPT_AT).orElse(null);
        Instant believable = Validity.believableFirstAttempt(header, now);
        return believable != null ? believable : now;
    }

    /** Back from a delay queue the routing key is still the publisher's; after a replay, our header keeps it. */
    private static String routingKey(MessageProperties properties) {
        String received = properties.getReceivedRoutingKey();
        if (received != null && !received.isEmpty()) {
            return received;
        }
        return HeaderValues.string(properties.getHeaders(), Headers.ROUTING_KEY).orElse(null);
    }

    private static String shortKey(String key) {
        if (key == null) {
            return "";
        }
        return key.length() <= 64 ? key : key.substring(0, 64) + "...";
    }
}
