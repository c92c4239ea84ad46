package dev.smsworker.worker.consumer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InFlightRuleTest {

    private static final Duration IDLE_CORES = Duration.ofMillis(1);
    private static final Duration SATURATED_CORES = Duration.ofMillis(20);

    private final InFlightRule rule = InFlightRule.upTo(1000);

    @Test
    void aBindingBoundWithCoresToSpareGrowsToTheCeilingAndStaysThere() {
        int limit = rule.floor();
        int ticks = 0;
        while (limit < 1000) {
            int next = rule.next(limit, true, IDLE_CORES);
            assertThat(next).isGreaterThan(limit).isLessThanOrEqualTo(1000);
            limit = next;
            ticks++;
        }
        assertThat(ticks).as("32 to 1,000 in a couple of seconds of 100 ms ticks").isLessThanOrEqualTo(20);
        assertThat(rule.next(1000, true, IDLE_CORES)).isEqualTo(1000);
    }

    @Test
    void saturatedCoresShrinkTheBoundToTheFloorAndNoLower() {
        int limit = 1000;
        while (limit > rule.floor()) {
            int next = rule.next(limit, true, SATURATED_CORES);
            assertThat(next).isLessThan(limit).isGreaterThanOrEqualTo(rule.floor());
            limit = next;
        }
        assertThat(limit).isEqualTo(32);
        assertThat(rule.next(32, true, SATURATED_CORES)).isEqualTo(32);
        assertThat(rule.next(32, false, SATURATED_CORES)).isEqualTo(32);
    }

    @Test
    void aBoundNoDeliveryWaitedForStaysWhereItIs() {
        assertThat(rule.next(200, false, IDLE_CORES)).isEqualTo(200);
        assertThat(rule.next(200, false, Duration.ZERO)).isEqualTo(200);
    }

    @Test
    void aStartDelayAtTheThresholdIsNotSaturation() {
        assertThat(rule.next(200, true, InFlightRule.SATURATED)).isGreaterThan(200);
        assertThat(rule.next(200, true, InFlightRule.SATURATED.plusNanos(1))).isLessThan(200);
    }

    @Test
    void aCeilingBelowTheFloorIsAFixedBound() {
        InFlightRule small = InFlightRule.upTo(20);
        assertThat(small.floor()).isEqualTo(20);
        assertThat(small.next(20, true, IDLE_CORES)).isEqualTo(20);
        assertThat(small.next(20, true, SATURATED_CORES)).isEqualTo(20);
    }

    @Test
    void aFloorAboveTheCeilingIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InFlightRule(50, 40));
        assertThatIllegalArgumentException().isThrownBy(() -> new InFlightRule(0, 40));
    }
}
