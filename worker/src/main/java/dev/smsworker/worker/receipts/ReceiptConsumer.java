package dev.smsworker.worker.receipts;

import com.rabbitmq.client.Channel;
import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import dev.smsworker.worker.failover.DelayedFailover;
import dev.smsworker.worker.guard.Guard;
import dev.smsworker.worker.messaging.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;

/**
 * Processes {@code sms.receipts}: apply the receipt to its message's record, publish the event of a final status,
 * then ack. Idempotent, so a redelivery (a lost ack, a restart) does nothing twice. A receipt the records could not
 * take (their backend failed) is handed back after {@code sms.receipts.requeue-delay}.
 *
 * <p>Spring's listener container is fine here, unlike on the send lanes: a receipt in flight at shutdown is
 * requeued and applied again, which changes nothing; and nothing in this queue carries {@code x-death}.
 */
final class ReceiptConsumer implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(ReceiptConsumer.class);

    private final DeliveryRecords records;
    private final DeliveryEvents events;
    private final ReceiptMetrics metrics;
    private final JsonMapper json;
    private final Duration requeueDelay;
    private final DelayedFailover failover;
    private final Guard guard;

    ReceiptConsumer(DeliveryRecords records, DeliveryEvents events, ReceiptMetrics metrics, JsonMapper json, Duration requeueDelay,
                    DelayedFailover failover, Guard guard) {
        this.records = records;
        this.events = events;
        this.metrics = metrics;
        this.json = json;
        this.requeueDelay = requeueDelay;
        this.failover = failover;
        this.guard = guard;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException, InterruptedException {
        long tag = message.getMessageProperties().getDeliveryTag();
        DeliveryReceipt receipt;
        try {
            receipt = json.readValue(message.getBody(), DeliveryReceipt.class);
        } catch (RuntimeException e) {
            // Only the worker writes here; an unreadable one would be unreadable on every redelivery.
            log.error("unreadable receipt in sms.receipts dropped: {}", e.getClass().getSimpleName());
            metrics.processed("unknown", "unreadable");
            channel.basicAck(tag, false);
            return;
        }
        Effect effect;
        try {
            effect = records.apply(receipt);
        } catch (RuntimeException e) {
            log.warn("{} receipt not applied ({}); handing it back", receipt.provider(), e.getClass().getSimpleName());
            Thread.sleep(requeueDelay);
            channel.basicNack(tag, false, true);
            return;
        }
        report(receipt, effect);
        try {
            act(receipt, effect);
        } catch (PublishFailedException | RuntimeException e) {
            // Applied already: the redelivery finds it unchanged, and act() does what was not done (never twice: the
            // copy's claim is its own, and a copy already sent names this provider).
            log.warn("{} receipt applied but its failover not done ({}); handing it back", receipt.provider(),
                    e.getClass().getSimpleName());
            Thread.sleep(requeueDelay);
            channel.basicNack(tag, false, true);
            return;
        }
        channel.basicAck(tag, false);
    }

    /**
     * What a final receipt without delivery does beyond its event: the number suppressed when the code says it will
     * never take an SMS (opted out, landline, invalid), and the message sent again through the next provider when the
     * code says another route may deliver it (issue 12). A duplicate of such a receipt does it again: the first may
     * have stopped between the record and the failover.
     */
    private void act(DeliveryReceipt receipt, Effect effect) throws PublishFailedException {
        TrackedSend send = switch (effect) {
            case Effect.Final f -> f.send();
            case Effect.Unchanged unchanged when "duplicate".equals(unchanged.reason()) && unchanged.send() != null -> unchanged.send();
            default -> null;
        };
        if (send == null || send.finalStatus() == null || send.finalStatus() == DeliveryStatus.DELIVERED
                || receipt.status() != send.finalStatus()) {
            return;
        }
        String code = receipt.errorCode();
        if (effect instanceof Effect.Final && guard.learnFromReceipt(send.recipientKey(), send.recipientMask(), receipt.provider(), code)) {
            withIds(send, () -> log.info("number {} suppressed after {} receipt {}", send.recipientMask(), receipt.provider(), code));
        }
        DelayedFailover.Result result = failover.afterUndelivered(send.messageId(), receipt);
        if (effect instanceof Effect.Final && result != DelayedFailover.Result.SENT_AGAIN && result != DelayedFailover.Result.OFF) {
            withIds(send, () -> log.info("not sent again after {} receipt ({}): {}", receipt.provider(),
                    code != null ? code : receipt.providerStatus(), result.tag()));
        }
    }

    private void report(DeliveryReceipt receipt, Effect effect) {
        switch (effect) {
            case Effect.Final f -> {
                boolean delivered = receipt.status() == DeliveryStatus.DELIVERED;
                metrics.processed(receipt.provider(), delivered ? "delivered" : "undelivered");
                metrics.finalStatus(receipt.provider(), delivered, DeliveryEvents.sinceFirstAttempt(f.send(), receipt));
                events.publish(f.send(), receipt);
                withIds(f.send(), () -> log.info("sms {} by {} ({}{})", delivered ? "delivered" : "undelivered",
                        receipt.provider(), receipt.providerStatus(), receipt.errorCode() == null ? "" : " " + receipt.errorCode()));
            }
            case Effect.Progress ignored -> metrics.processed(receipt.provider(), "progress");
            case Effect.Unchanged unchanged -> metrics.processed(receipt.provider(), unchanged.reason());
            case Effect.UnknownMessage ignored -> {
                metrics.processed(receipt.provider(), "unknown-message");
                log.info("{} receipt for a message this worker has no record of ({})", receipt.provider(), receipt.providerStatus());
            }
        }
    }

    private static void withIds(TrackedSend send, Runnable logLine) {
        MDC.put("messageId", send.messageId());
        MDC.put("correlationId", send.correlationId());
        MDC.put("provider", send.provider());
        try {
            logLine.run();
        } finally {
            MDC.remove("messageId");
            MDC.remove("correlationId");
            MDC.remove("provider");
        }
    }
}
