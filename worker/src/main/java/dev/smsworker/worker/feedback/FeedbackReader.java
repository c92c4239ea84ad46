package dev.smsworker.worker.feedback;

import dev.smsworker.contracts.Rfc3339;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code conversion-feedback.schema.json} strictly, as the worker reads requests: a JSON object (no duplicate
 * keys, nothing after it, at most {@link #MAX_BYTES}), {@code messageId} a string of 1-128 printable ASCII (the
 * request's rule), {@code verifiedAt} absent, null or an RFC 3339 string ({@link Rfc3339}: a number is no instant).
 * Unknown fields are ignored. A reason never quotes the feedback.
 */
final class FeedbackReader {

    /** Feedback is two short fields; anything this large is not feedback, and is not parsed. */
    static final int MAX_BYTES = 4096;
    private static final Pattern MESSAGE_ID = Pattern.compile("[!-~]{1,128}");

    /** What the body said. */
    sealed interface Read {
        record Valid(String messageId, Instant verifiedAt) implements Read {
        }

        /** @param reason a short code: {@code too-large}, {@code not-json}, {@code invalid-message-id}, ... */
        record Malformed(String reason) implements Read {
        }
    }

    private final JsonMapper json = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** {@code now}: the time of a feedback that does not say when the code was used. */
    Read read(byte[] body, Instant now) {
        if (body.length > MAX_BYTES) {
            return new Read.Malformed("too-large");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return new Read.Malformed("not-json");
        }
        if (root == null || !root.isObject()) {
            return new Read.Malformed("not-an-object");
        }
        JsonNode id = root.get("messageId");
        if (id == null || !id.isString() || !MESSAGE_ID.matcher(id.asString()).matches()) {
            return new Read.Malformed("invalid-message-id");
        }
        JsonNode at = root.get("verifiedAt");
        if (at == null || at.isNull()) {
            return new Read.Valid(id.asString(), now);
        }
        Optional<Instant> verifiedAt = at.isString() ? Rfc3339.parse(at.asString()) : Optional.empty();
        return verifiedAt.<Read>map(instant -> new Read.Valid(id.asString(), instant))
                .orElseGet(() -> new Read.Malformed("invalid-instant"));
    }
}
