package dev.smsworker.worker.receipts;

import dev.smsworker.worker.messaging.MessageContext;
import dev.smsworker.worker.providers.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * The pipeline's one call into receipts: after a provider accepted a message, remember which message its provider
 * id belongs to, so the receipt finds it. Does nothing while receipts are off. Never fails the send: a record
 * that could not be written costs only the receipt's event ({@code unknown-message}).
 */
@Component
public class DeliveryTracking {

    private static final Logger log = LoggerFactory.getLogger(DeliveryTracking.class);

    private final boolean enabled;
    private final DeliveryRecords records;
    private final Clock clock;

    DeliveryTracking(ReceiptsProperties properties, DeliveryRecords records, Clock clock) {
        this.enabled = properties.enabled();
        this.records = records;
        this.clock = clock;
    }

    public void sent(MessageContext context, SendResult.Sent sent) {
        if (!enabled) {
            return;
        }
        try {
            records.track(new TrackedSend(context.messageId(), context.correlationId(), context.kind(), context.attempt(),
                    context.firstAttemptAt(), sent.provider(), sent.providerMessageId(), clock.instant(), null, null, null));
        } catch (RuntimeException e) {
            log.warn("delivery record not written ({}): this message's receipts will not find it", e.getClass().getSimpleName());
        }
    }
}
