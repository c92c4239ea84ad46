package dev.smsworker.worker.consumer;

import dev.smsworker.worker.consumer.InFlightRule.Bound;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InFlightRuleTest {

    private static final Duration IDLE_CORES = Duration.ofMillis(1);
    private static final Duration SATURATED_CORES = Duration.ofMillis(20);
    private static final HeapPressure NO_GC = HeapPressure.NONE;
    /** The 2 s provider's spiral: a quarter of the time in pauses, the old generation left 80% full. */
    private static final HeapPressure SPIRAL = new HeapPressure(0.25, 0.8);

    private final InFlightRule rule = InFlightRule.upTo(1000);

    @Test
    void aBindingBoundWithCoresToSpareGrowsToTheCeilingAndStaysThere() {
        Bound bound = rule.start();
        assertThat(bound.limit()).isEqualTo(32);
        int ticks = 0;
        while (bound.limit() < 1000) {
            Bound next = rule.next(bound, true, IDLE_CORES, NO_GC);
            assertThat(next.limit()).isGreaterThan(bound.limit()).isLessThanOrEqualTo(1000);
            bound = next;
            ticks++;
        }
        assertThat(ticks).as("32 to 1,000 in a couple of seconds of 100 ms ticks").isLessThanOrEqualTo(20);
        assertThat(rule.next(bound, true, IDLE_CORES, NO_GC).limit()).isEqualTo(1000);
    }

    @Test
    void saturatedCoresShrinkTheBoundToTheFloorAndNoLower() {
        Bound bound = at(1000);
        while (bound.limit() > rule.floor()) {
            Bound next = rule.next(bound, true, SATURATED_CORES, NO_GC);
            assertThat(next.limit()).isLessThan(bound.limit()).isGreaterThanOrEqualTo(rule.floor());
            bound = next;
        }
        assertThat(bound.limit()).isEqualTo(32);
        assertThat(rule.next(bound, true, SATURATED_CORES, NO_GC).limit()).isEqualTo(32);
        assertThat(rule.next(bound, false, SATURATED_CORES, NO_GC).limit()).isEqualTo(32);
    }

    @Test
    void aBoundNoDeliveryWaitedForStaysWhereItIs() {
        assertThat(rule.next(at(200), false, IDLE_CORES, NO_GC).limit()).isEqualTo(200);
        assertThat(rule.next(at(200), false, Duration.ZERO, NO_GC).limit()).isEqualTo(200);
    }

    @Test
    void aStartDelayAtTheThresholdIsNotSaturation() {
        assertThat(rule.next(at(200), true, InFlightRule.SATURATED, NO_GC).limit()).isGreaterThan(200);
        assertThat(rule.next(at(200), true, InFlightRule.SATURATED.plusNanos(1), NO_GC).limit()).isLessThan(200);
    }

    @Test
    void heapPressureCutsTheBoundOnceThenHoldsItForAWindowWhileTheSignalCatchesUp() {
        // A 2 s provider: sends park (idle cores), deliveries wait for permits, and the heap fills with what they hold.
        InFlightRule wide = InFlightRule.upTo(3000);
        Bound cut = wide.next(new Bound(2000, 3000, 0), true, IDLE_CORES, SPIRAL);
        assertThat(cut.limit()).isEqualTo(1400);
        Bound bound = cut;
        for (int tick = 0; tick < InFlightRule.HOLD_TICKS; tick++) {
            bound = wide.next(bound, true, IDLE_CORES, tick < 10 ? SPIRAL : NO_GC);
            assertThat(bound.limit()).as("held, tick %d", tick).isEqualTo(1400);
        }
        assertThat(wide.next(bound, true, IDLE_CORES, SPIRAL).limit()).as("still pressed after the window: cut again")
                .isEqualTo(980);
    }

    @Test
    void afterACutTheBoundCreepsBackInsteadOfJumpingIntoTheSpiralItLeft() {
        InFlightRule wide = InFlightRule.upTo(3000);
        Bound bound = wide.next(new Bound(2000, 3000, 0), true, IDLE_CORES, SPIRAL);
        for (int tick = 0; tick < InFlightRule.HOLD_TICKS; tick++) {
            bound = wide.next(bound, true, IDLE_CORES, NO_GC);
        }
        // Two seconds of calm at 1% a tick: about 22% more, where x1.25 a tick would have hit the ceiling.
        for (int tick = 0; tick < 20; tick++) {
            Bound next = wide.next(bound, true, IDLE_CORES, NO_GC);
            assertThat(next.limit()).isGreaterThan(bound.limit()).isLessThanOrEqualTo(bound.limit() + bound.limit() / 100 + 1);
            bound = next;
        }
        assertThat(bound.limit()).isBetween(1650, 1750);
    }

    @Test
    void betweenCalmAndPressedTheBoundHoldsAndOnlyCalmLetsItGrow() {
        assertThat(rule.next(at(400), true, IDLE_CORES, new HeapPressure(HeapPressure.PAUSES_PRESSED, 0.8)).limit()).isEqualTo(400);
        assertThat(rule.next(at(400), true, IDLE_CORES, new HeapPressure(HeapPressure.PAUSES_CALM, 0.8)).limit()).isEqualTo(400);
        assertThat(rule.next(at(400), true, IDLE_CORES, new HeapPressure(HeapPressure.PAUSES_CALM - 0.001, 0.8)).limit()).isGreaterThan(400);
        assertThat(rule.next(at(400), true, IDLE_CORES, new HeapPressure(HeapPressure.PAUSES_PRESSED + 0.001, 0.8)).limit()).isEqualTo(280);
        assertThat(rule.next(at(400), false, IDLE_CORES, new HeapPressure(HeapPressure.PAUSES_PRESSED + 0.001, 0.8)).limit()).isEqualTo(280);
    }

    @Test
    void pausesInAHeapWithRoomAreNotTheSendsFaultAndNeitherCutNorHoldTheBound() {
        // A JVM shared with other work on a loaded machine: long pauses, but its last old collection left it nearly empty.
        HeapPressure roomy = new HeapPressure(0.3, 0.05);
        assertThat(rule.next(at(400), true, IDLE_CORES, roomy).limit()).isGreaterThan(400);
        // And a full old generation whose collections cost little is a heap in use, not crowded.
        assertThat(rule.next(at(400), true, IDLE_CORES, new HeapPressure(0.01, 0.9)).limit()).isGreaterThan(400);
        // Between the lines on both counts: held.
        assertThat(rule.next(at(400), true, IDLE_CORES, new HeapPressure(0.3, 0.55)).limit()).isEqualTo(400);
        assertThat(rule.next(at(400), true, IDLE_CORES, new HeapPressure(0.3, HeapPressure.OLD_PRESSED + 0.01)).limit())
                .isEqualTo(280);
    }

    @Test
    void heapPressureNeverCutsBelowTheFloor() {
        assertThat(rule.next(at(40), true, IDLE_CORES, SPIRAL).limit()).isEqualTo(32);
        assertThat(rule.next(at(32), true, IDLE_CORES, SPIRAL).limit()).isEqualTo(32);
    }

    @Test
    void aCeilingBelowTheFloorIsAFixedBound() {
        InFlightRule small = InFlightRule.upTo(20);
        assertThat(small.floor()).isEqualTo(20);
        assertThat(small.next(small.start(), true, IDLE_CORES, NO_GC).limit()).isEqualTo(20);
        assertThat(small.next(small.start(), true, SATURATED_CORES, NO_GC).limit()).isEqualTo(20);
        assertThat(small.next(small.start(), true, IDLE_CORES, SPIRAL).limit()).isEqualTo(20);
    }

    @Test
    void aFloorAboveTheCeilingIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InFlightRule(50, 40));
        assertThatIllegalArgumentException().isThrownBy(() -> new InFlightRule(0, 40));
    }

    private Bound at(int limit) {
        return new Bound(limit, rule.ceiling(), 0);
    }
}
