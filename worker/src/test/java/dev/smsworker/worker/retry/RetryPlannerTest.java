package dev.smsworker.worker.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPlannerTest {

    private final DelayTiers tiers = new DelayTiers(new RetryProperties(
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(9)), Duration.ofMinutes(10), 3, Duration.ofMillis(200)));
    private final RetryPlanner planner = new RetryPlanner(tiers);
    private final Instant now = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void attemptNGoesToTheNthDelayQueue() {
        assertThat(planner.plan(1, now, null)).isEqualTo(new RetryDecision.Delay(tiers.all().get(0)));
        assertThat(planner.plan(3, now, null)).isEqualTo(new RetryDecision.Delay(tiers.all().get(2)));
        assertThat(tiers.all().get(2).queue()).isEqualTo("sms.retry.9m");
    }

    @Test
    void afterTheLastDelaysAttemptTheMessageIsExhausted() {
        assertThat(planner.plan(4, now, null)).isInstanceOf(RetryDecision.Exhausted.class);
    }

    @Test
    void aRetryThatWouldComeBackAfterExpiryExpiresNow() {
        assertThat(planner.plan(2, now, now.plus(Duration.ofMinutes(2)))).isInstanceOf(RetryDecision.ExpiresFirst.class);
        assertThat(planner.plan(2, now, now.plus(Duration.ofMinutes(3)))).isInstanceOf(RetryDecision.Delay.class);
    }

    @Test
    void tiersAreLabelledByTheirLargestWholeUnit() {
        assertThat(DelayTiers.label(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(DelayTiers.label(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DelayTiers.label(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(DelayTiers.label(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void duplicateDelaysAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new DelayTiers(new RetryProperties(List.of(Duration.ofSeconds(60), Duration.ofMinutes(1)),
                Duration.ofMinutes(10), 3, Duration.ofMillis(1)))).hasMessageContaining("distinct");
    }
}
