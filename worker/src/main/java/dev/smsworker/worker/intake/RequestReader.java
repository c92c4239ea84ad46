package dev.smsworker.worker.intake;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.message.Failure;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Reads and validates a request body. Strict where the contract is: wrong types are malformed (no
 * coercion of {@code 123} into {@code "123"}), duplicate keys and trailing data are rejected.
 * Reasons name fields and positions, never content: the content is an SMS.
 */
@Component
public class RequestReader {

    private final ObjectReader requests;
    private final RequestValidator validator;
    private final IntakeProperties properties;

    RequestReader(RequestValidator validator, IntakeProperties properties) {
        this.validator = validator;
        this.properties = properties;
        JsonFactory factory = JsonFactory.builder()
                // Requests are flat; a deep document is an attack or a bug, not a request.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper json = JsonMapper.builder(factory)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // Text fields (to, body, tag values) must be JSON strings: "to": 4791234567 is a
                // publisher bug, and coercing it would turn it into a wrong number instead of a reason.
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(new SimpleModule("strict-instants").addDeserializer(Instant.class, new InstantText.Deserializer()))
                .build();
        // One reader, its deserializer found once: a mapper's readValue looks it up again for every message.
        this.requests = json.readerFor(SmsRequest.class);
    }

    public ReadResult read(byte[] body) {
        long limit = properties.maxMessageSize().toBytes();
        if (body.length > limit) {
            return malformed("message-too-large", "message is " + body.length + " bytes; the limit is " + limit, null);
        }
        if (body.length == 0) {
            return malformed("empty-message", "message body is empty", null);
        }
        SmsRequest request;
        try {
            request = plainAscii(body) ? requests.readValue(body) : requests.readValue(strictUtf8(body));
        } catch (CharacterCodingException e) {
            return malformed("invalid-utf8", "body is not valid UTF-8: text is never replaced or dropped on its way", null);
        } catch (StreamReadException e) {
            return malformed("invalid-json", "not valid JSON (" + position(e) + ")", null);
        } catch (DatabindException e) {
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() == Instant.class) {
                return malformed("invalid-instant", "field '" + path(e) + "' must be an ISO-8601 instant string with an offset, "
                        + "e.g. 2030-01-01T12:00:00Z; numbers are refused (seconds or milliseconds can't be told apart)", null);
            }
            return malformed("invalid-field", describe(e), null);
        } catch (JacksonException e) {
            return malformed("invalid-json", "unreadable request: " + e.getClass().getSimpleName(), null);
        }
        if (request == null) {
            return malformed("invalid-json", "body is JSON null, not a request object", null);
        }
        return validator.validate(request);
    }

    private static ReadResult malformed(String code, String reason, SmsRequest partial) {
        return new ReadResult.Invalid(Failure.of(ErrorClass.MALFORMED, code, reason), partial);
    }

    private static String position(JacksonException e) {
        var location = e.getLocation();
        return location == null ? "at an unknown position" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * Whether every byte is ASCII other than NUL: such a body is valid UTF-8 as it is, and Jackson reads it straight
     * from the bytes, without a decoder's pass and two copies as text (issue 16). With no NUL byte, Jackson can't take
     * it for UTF-16 or UTF-32; and ASCII's byte columns are its character columns, so error positions are the same.
     */
    private static boolean plainAscii(byte[] body) {
        for (byte b : body) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes with a decoder that reports malformed input instead of replacing it with U+FFFD, as
     * {@code new String(bytes, UTF_8)} would; a byte-order mark is skipped (JSON parsers ignore one).
     */
    private static String strictUtf8(byte[] body) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String describe(DatabindException e) {
        String path = path(e);
        if (path.isEmpty()) {
            return "request must be a JSON object with the documented fields (" + position(e) + ")";
        }
        return "field '" + path + "' has the wrong type or format";
    }
}
