package dev.smsworker.worker.consumer;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GcPauseShareTest {

    private static final long TICK_NANOS = 100_000_000;

    private final AtomicLong pausedMillis = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final GcPauseShare share = new GcPauseShare(pausedMillis::get, nanos::get);

    @Test
    void noPausesIsNoShare() {
        for (int i = 0; i < 50; i++) {
            assertThat(tick(0)).isZero();
        }
    }

    @Test
    void aFullCollectionCountsOverTheWindowThenLeavesIt() {
        tick(0);
        // A 300 ms pause within a tick that took 400 ms of wall time.
        nanos.addAndGet(300_000_000);
        assertThat(tick(300)).isCloseTo(300.0 / 400, within(0.01));
        // Still inside the window: its share falls as the window fills with pause-free ticks.
        double last = 1;
        for (int i = 0; i < 15; i++) {
            double now = tick(0);
            assertThat(now).isLessThan(last);
            last = now;
        }
        assertThat(last).isCloseTo(300.0 / 1900, within(0.01));
        // After a window of pause-free ticks it is gone.
        for (long i = 0; i < GcPauseShare.WINDOW.toNanos() / TICK_NANOS; i++) {
            tick(0);
        }
        assertThat(tick(0)).isZero();
    }

    @Test
    void aSpiralReadsAsItsShareOfWallTime() {
        // 25 ms paused in every 100 ms tick: 25% of the time.
        for (int i = 0; i < 40; i++) {
            tick(25);
        }
        assertThat(tick(25)).isCloseTo(0.25, within(0.005));
    }

    @Test
    void theFirstSampleIsNoSignal() {
        pausedMillis.set(12_000); // a JVM that has collected before the first tick
        assertThat(share.sample()).isZero();
    }

    private double tick(long pausedDuringTick) {
        nanos.addAndGet(TICK_NANOS);
        pausedMillis.addAndGet(pausedDuringTick);
        return share.sample();
    }
}
