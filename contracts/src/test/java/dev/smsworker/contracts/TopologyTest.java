package dev.smsworker.contracts;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delay queues' names: the worker declares them, ops and bench look them up, all through these. */
class TopologyTest {

    @Test
    void aDelayQueueIsNamedByItsDelaysLargestWholeUnit() {
        assertThat(Topology.delayQueue(Duration.ofMinutes(1))).isEqualTo("sms.retry.1m");
        assertThat(Topology.delayQueue(Duration.ofSeconds(60))).isEqualTo("sms.retry.1m");
        assertThat(Topology.delayQueue(Duration.ofSeconds(90))).isEqualTo("sms.retry.90s");
        assertThat(Topology.delayQueue(Duration.ofHours(2))).isEqualTo("sms.retry.2h");
        assertThat(Topology.delayQueue(Duration.ofMillis(1500))).isEqualTo("sms.retry.1500ms");
    }

    @Test
    void aDelayThatIsNotPositiveHasNoQueue() {
        assertThatThrownBy(() -> Topology.delayQueue(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topology.delayLabel(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void delayQueuesAreToldFromTheOthersByTheirPrefix() {
        assertThat(Topology.isDelayQueue(Topology.delayQueue(Duration.ofMinutes(3)))).isTrue();
        assertThat(Topology.isDelayQueue(Topology.OTP_QUEUE)).isFalse();
        assertThat(Topology.isDelayQueue(Topology.FAILED_QUEUE)).isFalse();
        assertThat(Topology.isDelayQueue(null)).isFalse();
    }
}
