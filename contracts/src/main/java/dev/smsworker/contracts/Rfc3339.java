package dev.smsworker.contracts;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Instants as the contract writes them, in {@code expiresAt} and in every time header: an RFC 3339 string
 * with an offset, e.g. {@code 2030-01-01T12:00:00Z} or {@code 2030-01-01T13:00:00+01:00}. Nothing else is an
 * instant: Jackson's default reads a number, or a string of digits, as epoch seconds, so {@code 1764460800000}
 * (milliseconds) once became a date in the year 57,900 and an expired login code was sent. A number has no
 * unit we could know; it is refused, and so is white space around the text.
 */
public final class Rfc3339 {

    /** RFC 3339 {@code date-time}; the same pattern is in {@code sms-request.schema.json}. */
    public static final Pattern PATTERN = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    private Rfc3339() {
    }

    /** The instant {@code text} names; empty when it is null or anything but the format above. */
    public static Optional<Instant> parse(String text) {
        if (text == null || !PATTERN.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
