package dev.smsworker.worker.feedback;

import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.outcome.Outcome;
import dev.smsworker.worker.outcome.OutcomeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An outcome listener: when a provider accepted a message, remember who sent it where, so "code used" feedback can be
 * counted per provider and country. Only {@link Outcome.Sent}: a redelivery of a message already sent
 * ({@link Outcome.AlreadySent}) was remembered when it was sent. Never fails the send: a record that could not be
 * written costs only that message's conversion (its feedback counts as unmatched); the failure is logged once per
 * outage, not once per message.
 */
final class SendRecorder implements OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(SendRecorder.class);

    private final SentMessages records;
    private final Clock clock;
    private final AtomicBoolean failing = new AtomicBoolean();

    SendRecorder(SentMessages records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    @Override
    public void stored(MessageContext context, Outcome outcome) {
        if (!(outcome instanceof Outcome.Sent sent) || context.kind() == null) {
            return;
        }
        try {
            records.remember(context.messageId(), new SentMessage(sent.provider(),
                    context.country() == null ? "unknown" : context.country(), context.kind(), clock.instant()));
            if (failing.compareAndSet(true, false)) {
                log.info("conversion records written again");
            }
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("conversion record not written ({}): feedback for messages sent meanwhile counts as unmatched",
                        e.getClass().getSimpleName());
            }
        }
    }
}
