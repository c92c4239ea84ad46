package dev.smsworker.worker.guard;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateTest {

    @Test
    void readsCountSlashWindow() {
        assertThat(Rate.parse("3/10m", "p")).isEqualTo(new Rate(3, Duration.ofMinutes(10)));
        assertThat(Rate.parse("50/m", "p")).isEqualTo(new Rate(50, Duration.ofMinutes(1)));
        assertThat(Rate.parse(" 1000/1d ", "p")).isEqualTo(new Rate(1000, Duration.ofDays(1)));
        assertThat(Rate.parse("5/30s", "p")).isEqualTo(new Rate(5, Duration.ofSeconds(30)));
        assertThat(Rate.parse("20/2h", "p")).isEqualTo(new Rate(20, Duration.ofHours(2)));
    }

    @Test
    void anythingElseNamesTheProperty() {
        for (String wrong : new String[]{"3", "3/10", "0/1m", "3/0m", "-1/1m", "3 per 10m", "3/10min"}) {
            assertThatThrownBy(() -> Rate.parse(wrong, "sms.guard.recipient.otp")).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sms.guard.recipient.otp");
        }
    }
}
