package dev.smsworker.worker.receipts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Receipts in Prometheus: what the endpoints did with each request [sms_receipts_total{provider,result}], what the
 * consumer did with each stored receipt [sms_receipts_processed_total{provider,result}], final deliveries
 * [sms_deliveries_total{provider,status}: delivered / undelivered, whose ratio is the delivery ratio] and the time
 * from a message's first attempt to its delivery [sms_time_to_delivery_seconds{provider}, a histogram].
 */
final class ReceiptMetrics {

    private final MeterRegistry registry;

    ReceiptMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code result}: accepted, ignored, rejected-signature, rejected-unconfigured, malformed, unavailable, ... */
    void request(String provider, String result) {
        Counter.builder("sms.receipts").description("Receipt requests by provider and what the endpoint did")
                .tag("provider", provider).tag("result", result)
                .register(registry).increment();
    }

    /** {@code result}: delivered, undelivered, progress, duplicate, unknown-message, unreadable. */
    void processed(String provider, String result) {
        Counter.builder("sms.receipts.processed").description("Stored receipts by provider and their effect")
                .tag("provider", provider).tag("result", result)
                .register(registry).increment();
    }

    void finalStatus(String provider, boolean delivered, Duration sinceFirstAttempt) {
        Counter.builder("sms.deliveries").description("Messages with a final receipt, by provider and status")
                .tag("provider", provider).tag("status", delivered ? "delivered" : "undelivered")
                .register(registry).increment();
        if (delivered) {
            Timer.builder("sms.time.to.delivery").description("From a message's first attempt to its delivery receipt")
                    .tag("provider", provider)
                    .publishPercentileHistogram()
                    .register(registry).record(sinceFirstAttempt);
        }
    }
}
