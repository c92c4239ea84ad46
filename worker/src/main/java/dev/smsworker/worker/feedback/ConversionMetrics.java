package dev.smsworker.worker.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Conversions in Prometheus: messages whose code was used [sms_conversions_total{provider,country,kind}], once per
 * message, which over {@code sms_messages_total{outcome="sent"}} is the conversion ratio; feedback that found no sent
 * message [sms_conversions_unmatched_total]; what the consumer did with each feedback
 * [sms_feedback_total{result}: counted, duplicate, unmatched, malformed, disabled]; and the time from the send to the
 * code's use [sms_time_to_conversion_seconds{provider}, a histogram: what a user waits for a code, from the other end].
 */
final class ConversionMetrics {

    private final MeterRegistry registry;

    ConversionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void counted(SentMessage sent, Duration sinceSent) {
        Counter.builder("sms.conversions").description("Sent messages whose code was used (conversion feedback), once each")
                .tag("provider", sent.provider()).tag("country", sent.country()).tag("kind", sent.kind().wireName())
                .register(registry).increment();
        // A verifiedAt before the send is a publisher's clock, not a negative wait.
        Timer.builder("sms.time.to.conversion").description("From the provider's accept to the code's use")
                .tag("provider", sent.provider())
                .publishPercentileHistogram()
                .register(registry).record(sinceSent.isNegative() ? Duration.ZERO : sinceSent);
        result("counted");
    }

    void unmatched() {
        Counter.builder("sms.conversions.unmatched").description("Conversion feedback for a message with no record (unknown or forgotten)")
                .register(registry).increment();
        result("unmatched");
    }

    /** {@code result}: duplicate, malformed, disabled. */
    void result(String result) {
        Counter.builder("sms.feedback").description("Conversion feedback read, by what it did")
                .tag("result", result)
                .register(registry).increment();
    }
}
