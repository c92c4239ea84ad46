package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryStatus;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.outcome.Outcome;
import dev.smsworker.worker.outcome.OutcomeListener;
import dev.smsworker.worker.outcome.OutcomePolicy;
import dev.smsworker.worker.outcome.ReceiptLookup;
import dev.smsworker.worker.outcome.Receipted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * An outcome listener: after a provider accepted a message, remember which message its provider
 * id belongs to, so the receipt finds it. Does nothing while receipts are off. Never fails the send: a record
 * that could not be written costs only the receipt's event ({@code unknown-message}).
 *
 * <p>After an ambiguous send that waits for its receipt (issue 12), it records the message under the providers
 * that may hold it, without their id: their receipt finds it by our message id (Twilio's {@code ref}, Vonage's
 * {@code client-ref}, Sinch's {@code client_reference}, the gateway's {@code clientReference}), and when the message
 * comes back, {@link #find} tells the pipeline what that receipt said.
 */
@Component
@Order(2)
public class DeliveryTracking implements OutcomeListener, ReceiptLookup {

    private static final Logger log = LoggerFactory.getLogger(DeliveryTracking.class);

    private final boolean enabled;
    private final DeliveryRecords records;
    private final OutcomePolicy policy;
    private final Clock clock;

    DeliveryTracking(ReceiptsProperties properties, DeliveryRecords records, OutcomePolicy policy, Clock clock) {
        this.enabled = properties.enabled();
        this.records = records;
        this.policy = policy;
        this.clock = clock;
    }

    /** Before the status event (order 3): a receipt can come back as soon as the provider accepted the SMS. */
    @Override
    public void stored(MessageContext context, Outcome outcome) {
        if (outcome instanceof Outcome.Sent sent) {
            sent(context, sent);
        } else if (outcome instanceof Outcome.Delayed delayed && delayed.failure().maybeDelivered() != null) {
            for (String provider : policy.awaitedReceipts(delayed.failure().maybeDelivered())) {
                maybeSent(context, provider);
            }
        }
    }

    /**
     * Reads the record only when a receipt came: a record without one says nothing about the provider. A
     * record that can't be read counts as no receipt: the message then goes on to a provider that never had it.
     */
    @Override
    public Optional<Receipted> find(String provider, String messageId) {
        if (!enabled) {
            return Optional.empty();
        }
        try {
            TrackedSend send = records.find(provider, messageId);
            if (send == null || (send.finalStatus() == null && send.lastStatus() == null)) {
                return Optional.empty();
            }
            return Optional.of(new Receipted(provider, send.providerMessageId(),
                    send.finalStatus() != null ? send.finalStatus() : DeliveryStatus.INTERMEDIATE, send.sentAt()));
        } catch (RuntimeException e) {
            log.warn("delivery record not read ({}): treated as no receipt from {}", e.getClass().getSimpleName(), provider);
            return Optional.empty();
        }
    }

    /**
     * An ambiguous send: recorded without the provider's id, unless it already is. Receipts that came before (kept
     * as an early record) are adopted: the provider may report before its HTTP answer, lost here, would have come.
     */
    private void maybeSent(MessageContext context, String provider) {
        try {
            TrackedSend known = records.find(provider, context.messageId());
            if (known != null && !known.early()) {
                return;
            }
            records.track(known == null
                    ? new TrackedSend(context.messageId(), context.correlationId(), context.kind(), context.attempt(),
                            context.firstAttemptAt(), provider, null, clock.instant(), null, null, null,
                            recipientKey(context), recipientMask(context))
                    : new TrackedSend(context.messageId(), context.correlationId(), context.kind(), context.attempt(),
                            context.firstAttemptAt(), provider, known.providerMessageId(), clock.instant(), known.finalStatus(),
                            known.lastStatus(), known.lastAt(), recipientKey(context), recipientMask(context)));
        } catch (RuntimeException e) {
            log.warn("delivery record not written ({}): a receipt from {} will not find this message", e.getClass().getSimpleName(),
                    provider);
        }
    }

    void sent(MessageContext context, Outcome.Sent sent) {
        if (!enabled) {
            return;
        }
        try {
            records.track(new TrackedSend(context.messageId(), context.correlationId(), context.kind(), context.attempt(),
                    context.firstAttemptAt(), sent.provider(), sent.providerMessageId(), clock.instant(), null, null, null,
                    recipientKey(context), recipientMask(context)));
        } catch (RuntimeException e) {
            log.warn("delivery record not written ({}): this message's receipts will not find it", e.getClass().getSimpleName());
        }
    }

    private static String recipientKey(MessageContext context) {
        return context.recipient() == null ? null : context.recipient().key();
    }

    private static String recipientMask(MessageContext context) {
        return context.recipient() == null ? null : context.recipient().masked();
    }
}
