package dev.smsworker.ops.console;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads times the way operators type them: {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, ISO-8601. */
public final class TimeArguments {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private TimeArguments() {
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT10M}). */
    public static Duration duration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is no duration: use e.g. 30s, 10m, 2h, 1d or PT10M");
        }
    }

    /** An instant, or an age meaning that long before whenever the command runs. */
    public record PointInTime(Instant instant, Duration age) {

        public Instant resolve(Instant now) {
            return instant != null ? instant : now.minus(age);
        }
    }

    /** picocli converter for durations. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }

    /** picocli converter: {@code 2026-01-01T12:00:00Z} or an age such as {@code 2h}. */
    public static final class PointInTimeConverter implements ITypeConverter<PointInTime> {
        @Override
        public PointInTime convert(String value) {
            try {
                return new PointInTime(Instant.parse(value.strip()), null);
            } catch (DateTimeParseException e) {
                try {
                    return new PointInTime(null, duration(value));
                } catch (TypeConversionException notAnAge) {
                    throw new TypeConversionException("'" + value + "' is neither an instant (2026-01-01T12:00:00Z) nor an age (2h)");
                }
            }
        }
    }
}
