package dev.smsworker.worker.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provider call latency by provider and result [sms_provider_latency_seconds] (the Prometheus name).
 * Outcomes are counted where they are decided: {@code outcome/OutcomeMetrics}.
 */
@Component
public class SmsMetrics {

    private final MeterRegistry registry;
    /**
     * The timers by provider, then result: a registry lookup builds an id, sorts its tags and runs the meter
     * filters, on every call (issue 16); a few providers times a few results stay here.
     */
    private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

    SmsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void providerCall(String provider, String result, Duration took) {
        timers.computeIfAbsent(provider, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(result, r -> Timer.builder("sms.provider.latency").description("Time of one provider call")
                        .tag("provider", provider).tag("result", result)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(took);
    }
}
