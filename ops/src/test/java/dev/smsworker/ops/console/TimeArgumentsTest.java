package dev.smsworker.ops.console;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeArgumentsTest {

    @Test
    void shortFormsAndIsoDurationsAreUnderstood() {
        assertThat(TimeArguments.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(TimeArguments.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(TimeArguments.duration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(TimeArguments.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(TimeArguments.duration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(TimeArguments.duration("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> TimeArguments.duration("soon")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void aPointInTimeIsAnInstantOrAnAgeBeforeNow() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        TimeArguments.PointInTimeConverter converter = new TimeArguments.PointInTimeConverter();
        assertThat(converter.convert("2025-12-31T00:00:00Z").resolve(now)).isEqualTo(Instant.parse("2025-12-31T00:00:00Z"));
        assertThat(converter.convert("2h").resolve(now)).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThatThrownBy(() -> converter.convert("yesterday")).isInstanceOf(TypeConversionException.class);
    }
}
