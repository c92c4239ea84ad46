package dev.smsworker.ops.canary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryMetricsTest {

    private final Instant finished = Instant.parse("2026-01-01T12:00:00.250Z");

    @Test
    void aSentCanaryIsASuccessWithItsLatencyInSeconds() {
        String text = new CanaryMetrics("otp", true, 0.1234567, finished).text();

        assertThat(text).contains("# TYPE sms_canary_success gauge\nsms_canary_success{kind=\"otp\"} 1\n",
                "sms_canary_latency_seconds{kind=\"otp\"} 0.123457\n",
                "sms_canary_last_run_timestamp_seconds{kind=\"otp\"} 1767268800.250\n");
    }

    @Test
    void aCanaryThatWasNotSentHasNoLatency() {
        assertThat(new CanaryMetrics("transactional", false, null, finished).text())
                .contains("sms_canary_success{kind=\"transactional\"} 0", "sms_canary_latency_seconds{kind=\"transactional\"} NaN");
    }

    @Test
    void theTextfileIsReplacedWholeAndNoTemporaryFileIsLeft(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sms_canary.prom");
        Files.writeString(target, "old");

        PrometheusTextfile.write(target, "new\n");

        assertThat(Files.readString(target)).isEqualTo("new\n");
        assertThat(dir.toFile().list()).containsExactly("sms_canary.prom");
    }
}
