package dev.smsworker.ops.replay;

import com.rabbitmq.client.AMQP;
import dev.smsworker.ops.failed.FailedMessage;
import dev.smsworker.ops.support.FailedSeed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryTest {

    private final Instant now = Instant.parse("2026-01-01T12:00:00Z");
    private final Expiry expiry = new Expiry(Duration.ofMinutes(10));

    @Test
    void anyKindPastItsExpiresAtIsExpired() {
        assertThat(expiry.check(FailedSeed.message("a").expiresAt(now).read(), now)).isEqualTo(Expiry.Reason.EXPIRES_AT);
        assertThat(expiry.check(FailedSeed.message("b").kind("otp").expiresAt(now.plusSeconds(1)).read(), now)).isEqualTo(Expiry.Reason.NONE);
    }

    @Test
    void anOtpWithoutExpiresAtLivesTheDefaultValidityFromItsFirstAttempt() {
        FailedSeed otp = FailedSeed.message("o").kind("otp");
        assertThat(expiry.check(otp.firstAttemptAt(now.minus(Duration.ofMinutes(9))).read(), now)).isEqualTo(Expiry.Reason.NONE);
        assertThat(expiry.check(otp.firstAttemptAt(now.minus(Duration.ofMinutes(10))).read(), now)).isEqualTo(Expiry.Reason.DEFAULT_VALIDITY);
    }

    @Test
    void otherKindsWithoutExpiresAtNeverExpire() {
        assertThat(expiry.check(FailedSeed.message("t").firstAttemptAt(now.minus(Duration.ofDays(30))).read(), now)).isEqualTo(Expiry.Reason.NONE);
    }

    @Test
    void anOtpOfUnknownAgeIsTreatedAsExpired() {
        FailedMessage undated = FailedMessage.of(1, 0, "send.otp", new AMQP.BasicProperties.Builder().messageId("u").build(),
                "{\"to\":\"+4791234567\",\"body\":\"x\",\"kind\":\"otp\"}".getBytes());
        assertThat(expiry.check(undated, now)).isEqualTo(Expiry.Reason.DEFAULT_VALIDITY);
    }
}
