package dev.smsworker.worker.routing;

import dev.smsworker.contracts.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The OTP share of a provider's rate (issue 10, part 3: marketing took every permit, OTPs waited a minute). */
class ReservedSharePermitsTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final LocalPermitBucket otp = new LocalPermitBucket(5, now::get);
    final LocalPermitBucket others = new LocalPermitBucket(5, now::get);
    final ReservedSharePermits permits = new ReservedSharePermits(10, otp, others);

    @Test
    void withNoOtpsAboutMarketingGetsTheWholeRate() {
        assertThat(takeAll(Kind.MARKETING)).isEqualTo(10);
    }

    @Test
    void marketingQueuedFarAheadCannotDelayAnOtpBeyondOneOtpInterval() {
        takeAll(Kind.MARKETING);
        // Marketing reserves the next 10 seconds of its own bucket...
        for (int i = 0; i < 50; i++) {
            assertThat(others.reserve(Duration.ofSeconds(10))).isNotNull();
        }
        // ...and an OTP still gets the next OTP permit, 200 ms away, not 10 s.
        long start = System.nanoTime();
        assertThat(permits.acquire(Kind.OTP, Duration.ofSeconds(1))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        // The permit the OTP waits for is its own: marketing can't borrow it.
        assertThat(permits.acquire(Kind.MARKETING, Duration.ZERO)).isFalse();
    }

    @Test
    void theSplitKeepsAtLeastOnePermitForOtpsAndNeverExceedsTheRate() {
        ReservedSharePermits small = ReservedSharePermits.local(5, 0.5);
        assertThat(small.otpBucket().perSecond() + small.othersBucket().perSecond()).isEqualTo(5);
        assertThat(ReservedSharePermits.local(1, 0.5).otpBucket().perSecond()).isEqualTo(1);
        assertThat(ReservedSharePermits.local(1, 0.5).othersBucket()).isNull();
        assertThat(ReservedSharePermits.local(5, 0).otpBucket()).isNull();
    }

    private int takeAll(Kind kind) {
        int taken = 0;
        while (permits.acquire(kind, Duration.ZERO)) {
            taken++;
        }
        return taken;
    }
}
