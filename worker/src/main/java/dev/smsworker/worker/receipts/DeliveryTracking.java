package dev.smsworker.worker.receipts;

import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.outcome.Outcome;
import dev.smsworker.worker.outcome.OutcomeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * An outcome listener: after a provider accepted a message, remember which message its provider
 * id belongs to, so the receipt finds it. Does nothing while receipts are off. Never fails the send: a record
 * that could not be written costs only the receipt's event ({@code unknown-message}).
 */
@Component
@Order(2)
public class DeliveryTracking implements OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryTracking.class);

    private final boolean enabled;
    private final DeliveryRecords records;
    private final Clock clock;

    DeliveryTracking(ReceiptsProperties properties, DeliveryRecords records, Clock clock) {
        this.enabled = properties.enabled();
        this.records = records;
        this.clock = clock;
    }

    /** Before the status event (order 3): a receipt can come back as soon as the provider accepted the SMS. */
    @Override
    public void stored(MessageContext context, Outcome outcome) {
        if (outcome instanceof Outcome.Sent sent) {
            sent(context, sent);
        }
    }

    void sent(MessageContext context, Outcome.Sent sent) {
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
