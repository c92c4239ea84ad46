package dev.smsworker.worker.dedup;

import dev.smsworker.worker.messaging.MessageContext;
import dev.smsworker.worker.providers.SendResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a redelivered message from being sent again: the pipeline asks {@link #previousSend} before
 * sending and calls {@link #recordSend} right after a provider accepted it, before the ack. A check that
 * can't be made stops the send when {@code sms.dedup.required} is on ({@link SentRecordUnavailableException});
 * otherwise it is skipped (a redelivery could then go out twice). Either way the failure is counted in
 * {@code sms_dedup_store_errors_total}.
 */
@Component
public class SendDeduplication {

    private static final Logger log = LoggerFactory.getLogger(SendDeduplication.class);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);

    private final SentStore store;
    private final boolean required;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicLong lastWarning = new AtomicLong();

    SendDeduplication(SentStore store, DedupRequirement requirement, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.required = requirement.storeRequired();
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * The earlier send of this message id, if one is recorded; counted as a duplicate when found.
     *
     * @throws SentRecordUnavailableException when the store can't be read and {@code sms.dedup.required} is on
     */
    public Optional<SentRecord> previousSend(MessageContext context) {
        Optional<SentRecord> previous;
        try {
            previous = store.find(context.messageId());
        } catch (RuntimeException e) {
            storeFailed("find", e);
            if (required) {
                throw new SentRecordUnavailableException("find", e);
            }
            return Optional.empty();
        }
        previous.ifPresent(record -> Counter.builder("sms.dedup.duplicates")
                .description("Deliveries of an already sent message id, acked without sending again")
                .tag("kind", context.kind() == null ? "unknown" : context.kind().wireName())
                .register(meters).increment());
        return previous;
    }

    public void recordSend(MessageContext context, SendResult.Sent sent) {
        try {
            store.remember(context.messageId(), new SentRecord(sent.provider(), sent.providerMessageId(), clock.instant()));
        } catch (RuntimeException e) {
            storeFailed("remember", e);
        }
    }

    private void storeFailed(String operation, RuntimeException e) {
        Counter.builder("sms.dedup.store.errors").description("Sent-record store operations that failed")
                .tag("operation", operation)
                .register(meters).increment();
        long now = clock.millis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY.toMillis() && lastWarning.compareAndSet(last, now)) {
            log.warn("sent-record store failed on {} ({}){}; {}", operation, e.getClass().getSimpleName(),
                    operation.equals("remember") ? ", a send went unrecorded" : "",
                    required ? "no message is sent without the check until it is back"
                            : "sending without the duplicate check until it is back");
        }
    }
}
