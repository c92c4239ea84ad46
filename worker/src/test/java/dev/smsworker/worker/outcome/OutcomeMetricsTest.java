package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.retry.DelayTier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OutcomeMetrics metrics = new OutcomeMetrics(meters);
    private final MessageContext otp = new MessageContext(null, "m-1", "c-1", Kind.OTP, 1, Instant.now(), "send.otp",
            "sms.send.otp");
    private final Failure down = new Failure(ErrorClass.RETRYABLE, "503", "down", "twilio", null);

    @Test
    void everyOutcomeIsCountedByKindProviderAndErrorClass() {
        metrics.stored(otp, new Outcome.Sent("twilio", "SM1"));
        metrics.stored(otp, new Outcome.Delayed(new DelayTier(1, Duration.ofMinutes(1), "1m"), down));
        metrics.stored(otp, new Outcome.Failed(Failure.of(ErrorClass.MALFORMED, "invalid-json", "bad")));

        assertThat(count("sent", "twilio", "none")).isEqualTo(1);
        assertThat(count("retrying", "twilio", "RETRYABLE")).isEqualTo(1);
        assertThat(count("failed", "none", "MALFORMED")).isEqualTo(1);
        assertThat(meters.get("sms.retries").tag("tier", "1m").counter().count()).isEqualTo(1);
    }

    @Test
    void aRedeliveryOfASentMessageIsNotCountedTwice() {
        metrics.stored(otp, new Outcome.AlreadySent("twilio", "SM1", Instant.now()));

        assertThat(meters.find("sms.messages").counters()).isEmpty();
    }

    private double count(String outcome, String provider, String errorClass) {
        return meters.get("sms.messages").tag("outcome", outcome).tag("kind", "otp").tag("provider", provider)
                .tag("error_class", errorClass).counter().count();
    }
}
