package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.worker.message.MessageContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /**
     * sms_messages_total's counters by their tags: a registry lookup builds an id, sorts its tags and runs the
     * meter filters on every message (issue 16). Outcomes x kinds x providers x error classes: a few hundred at most.
     */
    private final Map<MessagesTags, Counter> messages = new ConcurrentHashMap<>();

    private record MessagesTags(String outcome, String kind, String provider, String errorClass) {
    }

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
        MessagesTags tags = new MessagesTags(outcome, context.kind() == null ? "unknown" : context.kind().wireName(),
                provider == null ? "none" : provider, errorClass);
        messages.computeIfAbsent(tags, t -> Counter.builder("sms.messages").description("Messages by outcome")
                .tag("outcome", t.outcome())
                .tag("kind", t.kind())
                .tag("provider", t.provider())
                .tag("error_class", t.errorClass())
                .register(registry)).increment();
    }
}
