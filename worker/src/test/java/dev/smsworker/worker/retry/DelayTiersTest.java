package dev.smsworker.worker.retry;

import dev.smsworker.contracts.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelayTiersTest {

    private final DelayTiers tiers = new DelayTiers(new RetryProperties(
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(9)), Duration.ofMinutes(10)));

    @Test
    void attemptNFailedGoesToTheNthTier() {
        assertThat(tiers.afterAttempt(1)).contains(tiers.all().get(0));
        assertThat(tiers.afterAttempt(3)).contains(tiers.all().get(2));
        assertThat(tiers.afterAttempt(4)).isEmpty();
        assertThat(tiers.all().get(2).queue()).isEqualTo("sms.retry.9m");
    }

    @Test
    void tiersAreLabelledByTheirLargestWholeUnit() {
        assertThat(Topology.delayLabel(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(Topology.delayLabel(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Topology.delayLabel(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Topology.delayLabel(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void duplicateDelaysAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new DelayTiers(new RetryProperties(List.of(Duration.ofSeconds(60), Duration.ofMinutes(1)),
                Duration.ofMinutes(10)))).hasMessageContaining("distinct");
    }
}
