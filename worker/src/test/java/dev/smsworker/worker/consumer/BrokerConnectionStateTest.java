package dev.smsworker.worker.consumer;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerConnectionStateTest {

    private Instant now = Instant.parse("2026-01-01T12:00:00Z");
    private final Clock clock = new Clock() {
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    };

    @Test
    void downtimeCountsFromTheFirstLossUntilRecovery() {
        BrokerConnectionState state = new BrokerConnectionState(clock);
        state.up();
        assertThat(state.downFor()).isZero();

        state.down();
        now = now.plusSeconds(30);
        state.down(); // a second signal during the same outage does not restart the clock
        now = now.plusSeconds(30);
        assertThat(state.connected()).isFalse();
        assertThat(state.downFor()).isEqualTo(Duration.ofMinutes(1));

        state.up();
        assertThat(state.connected()).isTrue();
        assertThat(state.downFor()).isZero();
    }

    @Test
    void beforeTheFirstConnectionTheWorkerCountsAsDown() {
        BrokerConnectionState state = new BrokerConnectionState(clock);
        now = now.plusSeconds(5);
        assertThat(state.connected()).isFalse();
        assertThat(state.downFor()).isEqualTo(Duration.ofSeconds(5));
    }
}
