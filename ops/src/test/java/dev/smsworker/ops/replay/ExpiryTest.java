package dev.smsworker.ops.replay;

import com.rabbitmq.client.AMQP;
import dev.smsworker.ops.failed.FailedMessage;
import dev.smsworker.ops.support.FailedSeed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
    @Test
    void aMessageTheBrokerExpiredInAWorkQueueIsExpiredButADelayQueuesExpiryIsNot() {
        FailedSeed expiredInLane = FailedSeed.message("x").expiresAt(now.plusSeconds(3600)).header("x-death", List.of(
                Map.of("queue", "sms.send", "reason", "expired", "count", 1L),
                Map.of("queue", "sms.retry.1m", "reason", "expired", "count", 1L)));
        // Every retry passes a delay queue whose TTL dead-letters it back: that is not the request going stale.
        FailedSeed retried = FailedSeed.message("r").header("x-death", List.of(
                Map.of("queue", "sms.send", "reason", "rejected", "count", 1L),
                Map.of("queue", "sms.retry.1m", "reason", "expired", "count", 3L)));
        FailedSeed newerBroker = FailedSeed.message("n").header("x-first-death-queue", "sms.send.otp").header("x-first-death-reason", "expired");

        assertThat(expiry.check(expiredInLane.read(), now)).isEqualTo(Expiry.Reason.EXPIRED_IN_QUEUE);
        assertThat(expiry.check(retried.read(), now)).isEqualTo(Expiry.Reason.NONE);
        assertThat(expiry.check(newerBroker.read(), now)).isEqualTo(Expiry.Reason.EXPIRED_IN_QUEUE);
    }

    @Test
    void anOtpWithoutKindInTheBodyIsJudgedAsAnOtpByItsLane() {
        FailedSeed laneOtp = FailedSeed.message("l").kind("otp").withoutKindInBody().firstAttemptAt(now.minus(Duration.ofMinutes(11)));
        assertThat(laneOtp.read().kind()).isEqualTo(dev.smsworker.contracts.Kind.OTP);
        assertThat(expiry.check(laneOtp.read(), now)).isEqualTo(Expiry.Reason.DEFAULT_VALIDITY);
    }
}
