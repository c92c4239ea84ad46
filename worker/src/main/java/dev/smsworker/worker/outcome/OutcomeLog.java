package dev.smsworker.worker.outcome;

import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.observability.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * One log line per stored outcome, with {@code outcome} and {@code provider} in the log context. First of
 * the listeners, so the lines the others write (a status event not published) carry the outcome too.
 * Operators search these lines (ops/RUNBOOK.md): keep their text.
 */
@Component
@Order(1)
class OutcomeLog implements OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeLog.class);

    @Override
    public void stored(MessageContext context, Outcome outcome) {
        switch (outcome) {
            case Outcome.Sent sent -> {
                LogContext.outcome("sent", sent.provider());
                log.info("sms sent");
            }
            case Outcome.AlreadySent already -> {
                LogContext.outcome("sent", already.provider());
                log.info("sms already sent by {} at {}; redelivery acked without sending again", already.provider(),
                        already.sentAt());
            }
            case Outcome.Delayed delayed -> {
                LogContext.outcome("retrying", delayed.failure().provider());
                log.info("sms retrying in {} ({} {})", delayed.tier().label(), delayed.failure().errorClass(),
                        delayed.failure().code());
            }
            case Outcome.Held held -> {
                LogContext.outcome("held", null);
                log.info("sms held at {}: {}; back in {}, held since {}, attempt not spent", held.code().code(),
                        held.reason(), held.tier().label(), held.since());
            }
            case Outcome.Refused refused -> {
                LogContext.outcome("failed", null);
                log.warn("sms refused: {}: {}", refused.code().code(), refused.reason());
            }
            case Outcome.Failed failed -> {
                LogContext.outcome("failed", failed.failure().provider());
                log.warn("sms failed: {} {}: {}", failed.failure().errorClass(), failed.failure().code(),
                        failed.failure().message());
            }
        }
    }
}
