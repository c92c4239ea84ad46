package dev.smsworker.ops.failed;

import dev.smsworker.ops.support.FailedSeed;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FailedSummaryTest {

    private final Instant t = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void groupsByClassCodeProviderAndKindLargestFirstWithOldestAndNewest() {
        FailedSummary summary = new FailedSummary();
        summary.add(FailedSeed.message("a").errorClass("EXHAUSTED").errorCode("503").provider("twilio").failedAt(t.plusSeconds(5)).read());
        summary.add(FailedSeed.message("b").errorClass("MALFORMED").errorCode("invalid-json").provider("none").failedAt(t).read());
        summary.add(FailedSeed.message("c").errorClass("EXHAUSTED").errorCode("503").provider("twilio").failedAt(t).read());
        summary.add(FailedSeed.message("d").kind("otp").errorClass("EXHAUSTED").errorCode("503").provider("twilio").failedAt(t).read());

        assertThat(summary.total()).isEqualTo(4);
        assertThat(summary.groups()).containsExactly(
                new FailedSummary.Group("EXHAUSTED", "503", "twilio", "transactional", 2, 0, t, t.plusSeconds(5)),
                new FailedSummary.Group("EXHAUSTED", "503", "twilio", "otp", 1, 0, t, t),
                new FailedSummary.Group("MALFORMED", "invalid-json", "none", "transactional", 1, 0, t, t));
    }
}
