package dev.smsworker.worker.observability;

import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.retry.DelayTier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The worker's own metrics (Prometheus names in brackets):
 * outcomes by kind, provider and error class [sms_messages_total], retries by delay tier
 * [sms_retries_total], and provider call latency by provider and result [sms_provider_latency_seconds].
 */
@Component
public class SmsMetrics {

    private final MeterRegistry registry;

    SmsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void sent(MessageContext context, String provider) {
        outcome("sent", context, provider, "none");
    }

    public void retrying(MessageContext context, Failure failure, DelayTier tier) {
        outcome("retrying", context, failure.provider(), failure.errorClass().name());
        Counter.builder("sms.retries").description("Messages parked in a delay queue")
                .tag("tier", tier.label())
                .register(registry).increment();
    }

    public void failed(MessageContext context, Failure failure) {
        outcome("failed", context, failure.provider(), failure.errorClass().name());
    }

    public void providerCall(String provider, String result, Duration took) {
        Timer.builder("sms.provider.latency").description("Time of one provider call")
                .tag("provider", provider).tag("result", result)
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    private void outcome(String outcome, MessageContext context, String provider, String errorClass) {
        Counter.builder("sms.messages").description("Messages by outcome")
                .tag("outcome", outcome)
                .tag("kind", context.kind() == null ? "unknown" : context.kind().wireName())
                .tag("provider", provider == null ? "none" : provider)
                .tag("error_class", errorClass)
                .register(registry).increment();
    }
}
