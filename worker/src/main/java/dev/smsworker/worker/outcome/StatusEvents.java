package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.SmsEvent;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.encoding.Segments;
import dev.smsworker.worker.pricing.PriceTable;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.messaging.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.rabbitmq.client.AMQP;
import dev.smsworker.worker.tracing.MessageTracing;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes status events ({@code sent}, {@code retrying}, {@code failed}) to {@code sms.events}.
 * Events inform; they never decide: a lost event does not make a sent SMS unsent, so the worker does
 * not wait for their confirms; {@link EventPublisher} tracks them (long-lived confirm channels, a counter
 * of events nacked or lost with their channel). Last of the listeners: the log line and the metrics come first.
 */
@Component
@Order(3)
class StatusEvents implements OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(StatusEvents.class);
    private static final String CONTENT_TYPE = "application/json";
    /** AMQP delivery mode 2, Spring's default for a message: an event survives a broker restart in a durable queue. */
    private static final int PERSISTENT = 2;

    private final EventPublisher publisher;
    private final EventJson json;
    private final Clock clock;
    private final MessageTracing tracing;
    private final PriceTable prices;

    StatusEvents(EventPublisher publisher, JsonMapper json, Clock clock,
                 MessageTracing tracing, PriceTable prices) {
        this.publisher = publisher;
        this.json = new EventJson(json);
        this.clock = clock;
        this.tracing = tracing;
        this.prices = prices;
    }

    @Override
    public void stored(MessageContext context, Outcome outcome) {
        switch (outcome) {
            case Outcome.Sent sent -> sent(context, sent.provider(), sent.providerMessageId());
            case Outcome.AlreadySent already -> sent(context, already.provider(), already.providerMessageId());
            case Outcome.Delayed delayed -> retrying(context, delayed.failure());
            case Outcome.Failed failed -> failed(context, failed.failure());
            case Outcome.Refused refused -> failed(context, refused.failure());
            // None of the event types fits: retrying says an attempt failed, and none was made. The log line and
            // sms_spend_held_total tell ops; the publisher hears sent or failed once the hold ends.
            case Outcome.Held ignored -> { }
        }
    }

    void sent(MessageContext context, String provider, String providerMessageId) {
        Segments segments = context.segments();
        publish(new SmsEvent(SmsEvent.SENT, context.messageId(), context.correlationId(), context.kind(),
                context.attempt(), provider, providerMessageId, null, null, clock.instant(), encoding(segments),
                segments == null ? null : segments.segments(),
                segments == null ? null : prices.cost(provider, context.country(), segments.segments()).orElse(null)), context);
    }

    void retrying(MessageContext context, Failure failure) {
        publish(failureEvent(SmsEvent.RETRYING, context, failure), context);
    }

    void failed(MessageContext context, Failure failure) {
        publish(failureEvent(SmsEvent.FAILED, context, failure), context);
    }

    private SmsEvent failureEvent(String type, MessageContext context, Failure failure) {
        Segments segments = context.segments();
        return new SmsEvent(type, context.messageId(), context.correlationId(), context.kind(), context.attempt(),
                failure.provider(), null, failure.errorClass(), failure.code(), clock.instant(), encoding(segments),
                segments == null ? null : segments.segments(), null);
    }

    private static String encoding(Segments segments) {
        return segments == null ? null : segments.encoding().wireName();
    }

    private void publish(SmsEvent event, MessageContext context) {
        try {
            publisher.publish(Topology.EVENTS_EXCHANGE, event.type(), properties(context), json.write(event));
        } catch (RuntimeException e) {
            // Not only AmqpException: the client's own AlreadyClosedException comes through too. The
            // outcome is stored by now; an exception here would fail a message that was sent (issue 9).
            log.warn("status event not published: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * The client's properties, built directly: what Spring's {@code MessageProperties} and its converter gave
     * (content type JSON, persistent, priority 0, the ids, the correlation-id and trace headers), without the
     * conversion's copies on every event (issue 16).
     */
    AMQP.BasicProperties properties(MessageContext context) {
        Map<String, Object> headers = new HashMap<>(8);
        headers.put(Headers.CORRELATION_ID, context.correlationId());
        tracing.inject(headers);
        String correlationId = context.correlationId();
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .deliveryMode(PERSISTENT)
                .priority(0)
                .messageId(context.messageId())
                // As the converter did: a blank correlation id is left out of the property (the header keeps it).
                .correlationId(correlationId == null || correlationId.isBlank() ? null : correlationId)
                .headers(headers)
                .build();
    }
}
