package dev.smsworker.worker.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Provider call latency by provider and result [sms_provider_latency_seconds] (the Prometheus name).
 * Outcomes are counted where they are decided: {@code outcome/OutcomeMetrics}.
 */
@Component
public class SmsMetrics {

    private final MeterRegistry registry;

    SmsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void providerCall(String provider, String result, Duration took) {
        Timer.builder("sms.provider.latency").description("Time of one provider call")
                .tag("provider", provider).tag("result", result)
                .publishPercentileHistogram()
                .register(registry).record(took);
    }
}
