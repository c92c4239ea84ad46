package dev.smsworker.worker.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPermitBucketTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final LocalPermitBucket bucket = new LocalPermitBucket(5, now::get);

    @Test
    void aQuietBucketGivesItsWholeRateAtOnceThenOnePermitPerInterval() {
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
        }
        assertThat(bucket.reserve(Duration.ZERO)).as("burst spent").isNull();
        assertThat(bucket.reserve(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(200));
        assertThat(bucket.reserve(Duration.ofMillis(500))).as("queued behind the first waiter").isEqualTo(Duration.ofMillis(400));
        assertThat(bucket.reserve(Duration.ofMillis(500))).as("600 ms is past the wait: nothing reserved").isNull();

        now.addAndGet(Duration.ofMillis(400).toNanos());
        assertThat(bucket.reserve(Duration.ZERO)).as("both reservations used, none left").isNull();
        now.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    @Test
    void neverMoreThanTheRateInAnySecond() {
        int granted = 0;
        for (int step = 0; step < 100; step++) {       // 10 s in 100 ms steps, asking 3 times each step
            for (int ask = 0; ask < 3; ask++) {
                granted += bucket.reserve(Duration.ZERO) != null ? 1 : 0;
            }
            now.addAndGet(Duration.ofMillis(100).toNanos());
        }
        assertThat(granted).isBetween(50, 55); // 5 a second, plus the first second's burst
    }
}
