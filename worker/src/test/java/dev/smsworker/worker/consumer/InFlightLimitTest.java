package dev.smsworker.worker.consumer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InFlightLimitTest {

    private static final long SATURATED = Duration.ofMillis(20).toNanos();
    private static final HeapPressure NO_GC = HeapPressure.NONE;
    private static final HeapPressure SPIRAL = new HeapPressure(0.3, 0.8);

    @Test
    void anAdaptiveBoundStartsAtTheFloorAndGrowsWhileDeliveriesWaitAndTheCoresKeepUp() throws Exception {
        InFlightLimit limit = InFlightLimit.adaptive(InFlightRule.upTo(1000));
        assertThat(limit.limit()).isEqualTo(32);
        holdAll(limit, 32);
        Thread waiting = Thread.ofVirtual().start(limit::acquire);
        await().until(() -> waiting.getState() == Thread.State.WAITING);

        limit.started(Duration.ofMillis(1).toNanos());
        limit.tick(NO_GC);

        assertThat(limit.limit()).isEqualTo(41);
        waiting.join(); // the new permits let the waiting delivery start
        assertThat(limit.inFlight()).isEqualTo(33);
    }

    @Test
    void shrinkingNeverStopsRunningSendsItOnlyHoldsBackNewOnes() throws Exception {
        InFlightLimit limit = InFlightLimit.adaptive(InFlightRule.upTo(1000));
        growTo(limit, 100);
        int before = limit.limit();
        holdAll(limit, before);

        limit.started(SATURATED);
        limit.tick(NO_GC);

        int after = limit.limit();
        assertThat(after).isEqualTo((int) (before * 0.9));
        assertThat(limit.inFlight()).isEqualTo(before); // every running send keeps its permit
        Thread next = Thread.ofVirtual().start(limit::acquire);
        for (int i = 0; i < before - after; i++) {
            limit.release();
        }
        await().until(() -> next.getState() == Thread.State.WAITING); // back at the new bound: still full
        limit.release();
        next.join();
        assertThat(limit.inFlight()).isEqualTo(after);
    }

    @Test
    void aHeapCutSaysSoOnTheTickThatMadeItOnly() throws Exception {
        InFlightLimit limit = InFlightLimit.adaptive(InFlightRule.upTo(1000));
        growTo(limit, 100);
        int before = limit.limit();
        assertThat(limit.cutForHeap()).isFalse();

        limit.tick(SPIRAL);

        assertThat(limit.limit()).isEqualTo(Math.round(before * InFlightRule.GC_CUT));
        assertThat(limit.cutForHeap()).isTrue();
        limit.tick(SPIRAL);
        assertThat(limit.cutForHeap()).as("held, not cut again").isFalse();
        assertThat(limit.limit()).isEqualTo(Math.round(before * InFlightRule.GC_CUT));

        limit.started(SATURATED);
        limit.tick(NO_GC);
        assertThat(limit.cutForHeap()).as("a cut for the cores").isFalse();
    }

    @Test
    void withoutWaitingDeliveriesTheBoundStays() {
        InFlightLimit limit = InFlightLimit.adaptive(InFlightRule.upTo(1000));
        limit.acquire();
        limit.started(1000);
        limit.tick(NO_GC);
        assertThat(limit.limit()).isEqualTo(32);
    }

    @Test
    void aFixedBoundNeverMoves() throws Exception {
        InFlightLimit limit = InFlightLimit.fixed(100);
        holdAll(limit, 100);
        Thread waiting = Thread.ofVirtual().start(limit::acquire);
        await().until(() -> waiting.getState() == Thread.State.WAITING);
        limit.started(SATURATED);
        limit.tick(NO_GC);
        assertThat(limit.limit()).isEqualTo(100);
        limit.release();
        waiting.join();
    }

    @Test
    void onceDrainingTheBoundNoLongerMoves() throws Exception {
        InFlightLimit limit = InFlightLimit.adaptive(InFlightRule.upTo(1000));
        limit.acquire();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                assertThat(limit.awaitIdle(60_000)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        await().until(() -> drain.getState() == Thread.State.TIMED_WAITING);
        limit.started(SATURATED);
        limit.tick(NO_GC);
        assertThat(limit.limit()).isEqualTo(32);
        limit.release();
        drain.join();
    }

    private static void holdAll(InFlightLimit limit, int permits) {
        for (int i = 0; i < permits; i++) {
            limit.acquire();
        }
        assertThat(limit.inFlight()).isEqualTo(limit.limit());
    }

    /** Ticks with a waiting delivery and idle cores until the bound reaches {@code target}. */
    private static void growTo(InFlightLimit limit, int target) throws Exception {
        while (limit.limit() < target) {
            int held = limit.limit();
            holdAll(limit, held);
            Thread waiting = Thread.ofVirtual().start(limit::acquire);
            await().until(() -> waiting.getState() == Thread.State.WAITING);
            limit.tick(NO_GC);
            waiting.join();
            for (int i = 0; i <= held; i++) {
                limit.release();
            }
        }
    }
}
