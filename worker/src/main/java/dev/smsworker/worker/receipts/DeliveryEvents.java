package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.SmsEvent;
import dev.smsworker.contracts.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/**
 * {@code delivered} and {@code undelivered} on {@code sms.events}, like the other status events: without a confirm,
 * since events inform and the receipt is already applied. {@code undelivered} covers the receipt statuses
 * undelivered and failed; {@code providerStatus} tells them apart.
 */
final class DeliveryEvents {

    private static final Logger log = LoggerFactory.getLogger(DeliveryEvents.class);

    private final RabbitTemplate template;
    private final JsonMapper json;

    DeliveryEvents(RabbitTemplate template, JsonMapper json) {
        this.template = template;
        this.json = json;
    }

    /** The time from the message's first attempt to the provider's time of the receipt, never negative. */
    static Duration sinceFirstAttempt(TrackedSend send, DeliveryReceipt receipt) {
        Duration since = Duration.between(send.firstAttemptAt(), receipt.at());
        return since.isNegative() ? Duration.ZERO : since;
    }

    void publish(TrackedSend send, DeliveryReceipt receipt) {
        String type = receipt.status() == DeliveryStatus.DELIVERED ? SmsEvent.DELIVERED : SmsEvent.UNDELIVERED;
        SmsEvent event = new SmsEvent(type, send.messageId(), send.correlationId(), send.kind(), send.attempt(),
                send.provider(), receipt.providerMessageId() != null ? receipt.providerMessageId() : send.providerMessageId(),
                null, receipt.errorCode(), receipt.at(), receipt.providerStatus(), sinceFirstAttempt(send, receipt).toMillis());
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setMessageId(send.messageId());
        properties.setCorrelationId(send.correlationId());
        properties.setHeader(Headers.CORRELATION_ID, send.correlationId());
        try {
            template.send(Topology.EVENTS_EXCHANGE, type, new Message(json.writeValueAsBytes(event), properties));
        } catch (RuntimeException e) {
            log.warn("{} event not published: {}", type, e.getClass().getSimpleName());
        }
    }
}
