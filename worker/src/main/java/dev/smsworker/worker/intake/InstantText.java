package dev.smsworker.worker.intake;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Instants as the contract writes them: an RFC 3339 string with an offset, e.g. {@code 2030-01-01T12:00:00Z}
 * or {@code 2030-01-01T13:00:00+01:00}. Nothing else is an instant: Jackson's default reads a number,
 * or a string of digits, as epoch seconds, so {@code 1764460800000} (milliseconds) became a date in the
 * year 57,900 and an expired login code was sent. A number has no unit we could know; it is refused.
 */
final class InstantText {

    /** RFC 3339 {@code date-time}; the same pattern is in {@code sms-request.schema.json}. */
    static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    private InstantText() {
    }

    static Optional<Instant> parse(String text) {
        if (text == null || !RFC_3339.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** For the request's JSON: a string in the format above, or a {@link MismatchedInputException}. */
    static final class Deserializer extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw MismatchedInputException.from(parser, Instant.class,
                        "an instant must be an ISO-8601 string, not " + parser.currentToken());
            }
            return parse(parser.getString()).orElseThrow(() ->
                    MismatchedInputException.from(parser, Instant.class, "not an ISO-8601 instant with an offset"));
        }
    }
}
