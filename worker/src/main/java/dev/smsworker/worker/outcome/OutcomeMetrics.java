package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.worker.message.MessageContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Outcomes by kind, provider and error class [sms_messages_total], messages parked by delay tier
 * [sms_retries_total], and holds at a spend cap by kind [sms_spend_held_total] (Prometheus names): a message held
 * for hours counts once per wait, so its rate times the wait is how many are held. A redelivery of a message
 * already sent is not counted again: it was counted as {@code sent} when it was.
 */
@Component
@Order(2)
class OutcomeMetrics implements OutcomeListener {

    private final MeterRegistry registry;

    OutcomeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void stored(MessageContext context, Outcome outcome) {
        switch (outcome) {
            case Outcome.Sent sent -> count("sent", context, sent.provider(), "none");
            case Outcome.AlreadySent ignored -> { }
            case Outcome.Delayed delayed -> {
                count("retrying", context, delayed.failure().provider(), delayed.failure().errorClass().name());
                Counter.builder("sms.retries").description("Messages parked in a delay queue")
                        .tag("tier", delayed.tier().label())
                        .register(registry).increment();
            }
            // Not an outcome of sms_messages_total: the message is neither sent nor failed, and comes back.
            case Outcome.Held held -> Counter.builder("sms.spend.held")
                    .description("Messages put (back) to wait at their kind's spend cap, each time they are")
                    .tag("kind", context.kind() == null ? "unknown" : context.kind().wireName())
                    .register(registry).increment();
            case Outcome.Refused ignored -> count("failed", context, null, ErrorClass.REFUSED.name());
            case Outcome.Failed failed -> count("failed", context, failed.failure().provider(),
                    failed.failure().errorClass().name());
        }
    }

    private void count(String outcome, MessageContext context, String provider, String errorClass) {
        Counter.builder("sms.messages").description("Messages by outcome")
                .tag("outcome", outcome)
                .tag("kind", context.kind() == null ? "unknown" : context.kind().wireName())
                .tag("provider", provider == null ? "none" : provider)
                .tag("error_class", errorClass)
                .register(registry).increment();
    }
}
