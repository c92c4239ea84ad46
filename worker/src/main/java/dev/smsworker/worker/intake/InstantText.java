package dev.smsworker.worker.intake;

import dev.smsworker.contracts.Rfc3339;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

import java.time.Instant;

/**
 * Instants in the request's JSON as the contract writes them ({@link Rfc3339}): a string with an offset.
 * Jackson's default would read a number, or a string of digits, as epoch seconds.
 */
final class InstantText {

    private InstantText() {
    }

    /** A string in the contract's format, or a {@link MismatchedInputException}. */
    static final class Deserializer extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw MismatchedInputException.from(parser, Instant.class,
                        "an instant must be an ISO-8601 string, not " + parser.currentToken());
            }
            return Rfc3339.parse(parser.getString()).orElseThrow(() ->
                    MismatchedInputException.from(parser, Instant.class, "not an ISO-8601 instant with an offset"));
        }
    }
}
