package dev.smsworker.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON Schemas and the records must describe the same contract; a field added to one alone fails here. */
class SchemaContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Schema REQUEST = schema("sms-request.schema.json");
    private static final Schema EVENT = schema("sms-event.schema.json");
    private static final Schema RECEIPT = schema("delivery-receipt.schema.json");
    private static final Schema FEEDBACK = schema("conversion-feedback.schema.json");

    @Test
    void requestSchemaNamesExactlyTheRecordComponents() {
        assertThat(schemaProperties(REQUEST)).isEqualTo(componentNames(SmsRequest.class));
    }

    @Test
    void eventSchemaNamesExactlyTheRecordComponents() {
        assertThat(schemaProperties(EVENT)).isEqualTo(componentNames(SmsEvent.class));
    }

    @Test
    void receiptSchemaNamesExactlyTheRecordComponentsAndTheirTypes() {
        assertThat(schemaProperties(RECEIPT)).isEqualTo(componentNames(DeliveryReceipt.class));
        assertTypesCorrespond(DeliveryReceipt.class, RECEIPT);
    }

    @Test
    void serializedReceiptsValidate() {
        Instant at = Instant.parse("2026-01-01T12:00:00Z");
        assertThat(errors(RECEIPT, JSON.valueToTree(new DeliveryReceipt("twilio", "SM123", null, DeliveryStatus.UNDELIVERED,
                "undelivered", "30003", at, at)))).isEmpty();
        assertThat(errors(RECEIPT, JSON.valueToTree(new DeliveryReceipt("vonage", "0A00", "m-1", DeliveryStatus.DELIVERED,
                "delivered", "0", at, at)))).isEmpty();
    }

    @Test
    void feedbackSchemaNamesExactlyTheRecordComponentsAndTheirTypes() {
        assertThat(schemaProperties(FEEDBACK)).isEqualTo(componentNames(ConversionFeedback.class));
        assertTypesCorrespond(ConversionFeedback.class, FEEDBACK);
    }

    @Test
    void serializedFeedbackValidatesAndFeedbackWithoutAMessageIdOrWithANumericTimeDoesNot() {
        assertThat(errors(FEEDBACK, JSON.valueToTree(new ConversionFeedback("m-1", Instant.parse("2030-01-01T12:00:00Z"))))).isEmpty();
        assertThat(errors(FEEDBACK, JSON.valueToTree(new ConversionFeedback("m-1", null)))).isEmpty();
        assertThat(errors(FEEDBACK, JSON.readTree("{\"verifiedAt\":\"2030-01-01T12:00:00Z\"}"))).isNotEmpty();
        assertThat(errors(FEEDBACK, JSON.readTree("{\"messageId\":\"m-1\",\"verifiedAt\":1764460800000}"))).isNotEmpty();
        assertThat(errors(FEEDBACK, JSON.readTree("{\"messageId\":\"m-1\",\"verifiedAt\":\"2030-01-01 12:00\"}"))).isNotEmpty();
        assertThat(errors(FEEDBACK, JSON.readTree("{\"messageId\":\"has space\"}"))).isNotEmpty();
    }

    @Test
    void requestSchemaTypesCorrespondToTheComponentTypes() {
        assertTypesCorrespond(SmsRequest.class, REQUEST);
    }

    @Test
    void eventSchemaTypesCorrespondToTheComponentTypes() {
        assertTypesCorrespond(SmsEvent.class, EVENT);
    }

    @Test
    void requestSchemaKeepsTheRecordsLimitsAndDefault() {
        JsonNode properties = REQUEST.getSchemaNode().get("properties");
        assertThat(properties.get("body").get("maxLength").asInt()).isEqualTo(SmsRequest.MAX_BODY_LENGTH);
        assertThat(properties.get("kind").get("default").asString()).isEqualTo(Kind.TRANSACTIONAL.wireName());
        assertThat(REQUEST.getSchemaNode().get("required").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("to", "body");
        assertThat(REQUEST.getSchemaNode().get("additionalProperties").asBoolean()).isTrue();
    }

    @Test
    void serializedRequestsValidate() {
        SmsRequest full = new SmsRequest("order-42", "+4791234567", "Your code is 123456", "ACME", Kind.OTP,
                Instant.parse("2030-01-01T12:00:00Z"), Map.of("tenant", "acme"));
        assertThat(errors(REQUEST, JSON.valueToTree(full))).isEmpty();
        assertThat(errors(REQUEST, JSON.valueToTree(SmsRequest.of("+15005550006", "x")))).isEmpty();
        assertThat(errors(REQUEST, JSON.valueToTree(SmsRequest.of("+4791234567", "b".repeat(1600))))).isEmpty();
    }

    @Test
    void serializedEventsOfEveryTypeValidate() {
        Instant at = Instant.parse("2026-01-01T12:00:00Z");
        List<SmsEvent> events = List.of(
                new SmsEvent(SmsEvent.SENT, "m-1", "c-1", Kind.OTP, 1, "twilio", "SM123", null, null, at),
                new SmsEvent(SmsEvent.RETRYING, "m-1", "c-1", Kind.TRANSACTIONAL, 2, "vonage", null, ErrorClass.RETRYABLE, "503", at),
                new SmsEvent(SmsEvent.FAILED, "m-1", "c-1", null, 1, null, null, ErrorClass.MALFORMED, "invalid-json", at),
                new SmsEvent(SmsEvent.DELIVERED, "m-1", "c-1", Kind.OTP, 1, "twilio", "SM123", null, null, at, "delivered", 4_200L),
                new SmsEvent(SmsEvent.UNDELIVERED, "m-1", "c-1", Kind.OTP, 1, "twilio", "SM123", null, "30003", at, "undelivered", 9_000L),
                new SmsEvent(SmsEvent.SENT, "m-2", "c-2", Kind.OTP, 1, "twilio", "SM124", null, null, at,
                        "ucs-2", 2, new java.math.BigDecimal("0.0842")),
                new SmsEvent(SmsEvent.FAILED, "m-3", "c-3", Kind.OTP, 1, null, null, ErrorClass.REFUSED,
                        RefusalCode.TOO_MANY_SEGMENTS.code(), at, "gsm-7", 3, null));
        for (SmsEvent event : events) {
            assertThat(errors(EVENT, JSON.valueToTree(event))).as(event.type()).isEmpty();
        }
    }

    @Test
    void unknownRequestFieldsAreAllowedForForwardCompatibility() {
        ObjectNode request = valid();
        request.put("priority", "high");
        assertThat(errors(REQUEST, request)).isEmpty();
    }

    @Test
    void requestWithoutToFails() {
        ObjectNode request = valid();
        request.remove("to");
        assertThat(errors(REQUEST, request)).extracting(Error::getKeyword).contains("required");
    }

    @Test
    void bodyOverTheLimitFails() {
        assertThat(errors(REQUEST, valid().put("body", "b".repeat(1601)))).extracting(Error::getKeyword).contains("maxLength");
    }

    @Test
    void emptyBodyFails() {
        assertThat(errors(REQUEST, valid().put("body", ""))).extracting(Error::getKeyword).contains("minLength");
    }

    @Test
    void blankBodyOrControlCharactersFail() {
        assertThat(errors(REQUEST, valid().put("body", " \t\n"))).extracting(Error::getKeyword).contains("pattern");
        assertThat(errors(REQUEST, valid().put("body", "code\u0000"))).extracting(Error::getKeyword).contains("not");
        assertThat(errors(REQUEST, valid().put("body", "line one\r\nline two\tend"))).isEmpty();
    }

    @Test
    void numberInsteadOfTextFails() {
        assertThat(errors(REQUEST, valid().put("to", 4791234567L))).extracting(Error::getKeyword).contains("type");
        ObjectNode tags = valid();
        tags.putObject("tags").put("count", 3);
        assertThat(errors(REQUEST, tags)).extracting(Error::getKeyword).contains("type");
    }

    @Test
    void unknownKindFails() {
        assertThat(errors(REQUEST, valid().put("kind", "urgent"))).extracting(Error::getKeyword).contains("enum");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4791234567", "+0791234567", "+47 91234567", "+47123", "+4791234567890123"})
    void numbersOutsideE164Fail(String to) {
        assertThat(errors(REQUEST, valid().put("to", to))).extracting(Error::getKeyword).contains("pattern");
    }

    @Test
    void expiresAtThatIsNoInstantFails() {
        assertThat(errors(REQUEST, valid().put("expiresAt", "tomorrow"))).extracting(Error::getKeyword).contains("format");
    }

    /** Issue 9: epoch milliseconds were read as epoch seconds by the worker; the contract refuses numbers. */
    @Test
    void expiresAtAsANumberOrWithoutAnOffsetFails() {
        assertThat(errors(REQUEST, valid().put("expiresAt", 1764460800000L))).extracting(Error::getKeyword).contains("type");
        assertThat(errors(REQUEST, valid().put("expiresAt", 1764460800))).extracting(Error::getKeyword).contains("type");
        assertThat(errors(REQUEST, valid().put("expiresAt", "1764460800000"))).isNotEmpty();
        assertThat(errors(REQUEST, valid().put("expiresAt", "2030-01-01T12:00:00"))).isNotEmpty();
        assertThat(errors(REQUEST, valid().put("expiresAt", "2030-01-01"))).isNotEmpty();
        assertThat(errors(REQUEST, valid().put("expiresAt", "2030-01-01T13:00:00.250+01:00"))).isEmpty();
    }

    /** Issue 9: blank and control were judged by ASCII, so U+00A0 alone or a C1 control passed. */
    @ParameterizedTest
    @ValueSource(strings = {"\u00a0", "\u00a0\u2003\u3000", "\u200b\u200c\u200d\u2060\ufeff", "\u3164\u115f\u2800",
            "It\u0092s", "code\u0085", "half \ud83d pair", "\ude00 low first"})
    void bodiesBlankByUnicodeWithC1ControlsOrBrokenSurrogatesFail(String body) {
        assertThat(errors(REQUEST, valid().put("body", body))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00c6rlig talt, \u00f8rret", "\ud83d\udc69\u200d\ud83d\udcbb ok", "\u0645\u0631\u062d\u0628\u0627\u200f 42",
            "\u00a0x", "line\r\nnext\tend"})
    void textInAnyScriptWithItsFormatCharactersIsValid(String body) {
        assertThat(errors(REQUEST, valid().put("body", body))).isEmpty();
    }

    @Test
    void aSenderOfSpacesOrTagsWithControlsFail() {
        assertThat(errors(REQUEST, valid().put("from", "   "))).isNotEmpty();
        assertThat(errors(REQUEST, valid().put("from", "ACME 2"))).isEmpty();
        ObjectNode control = valid();
        control.putObject("tags").put("team", "x\u009b2J");
        assertThat(errors(REQUEST, control)).isNotEmpty();
        ObjectNode invisibleName = valid();
        invisibleName.putObject("tags").put("\u200b", "x");
        assertThat(errors(REQUEST, invisibleName)).isNotEmpty();
        ObjectNode fine = valid();
        fine.putObject("tags").put("\u00e9quipe", "login \u00f8");
        assertThat(errors(REQUEST, fine)).isEmpty();
    }

    @Test
    void messageIdWithSpacesOrTooLongFails() {
        assertThat(errors(REQUEST, valid().put("messageId", "has space"))).isNotEmpty();
        assertThat(errors(REQUEST, valid().put("messageId", "m".repeat(129)))).isNotEmpty();
    }

    @Test
    void eventWithUnknownTypeOrErrorClassFails() {
        ObjectNode event = (ObjectNode) JSON.valueToTree(new SmsEvent(SmsEvent.SENT, "m", "c", Kind.OTP, 1, "p", "x", null, null, Instant.now()));
        assertThat(errors(EVENT, event.deepCopy().put("type", "bounced"))).extracting(Error::getKeyword).contains("enum");
        assertThat(errors(EVENT, event.deepCopy().put("errorClass", "OOPS"))).extracting(Error::getKeyword).contains("enum");
        assertThat(errors(EVENT, event.deepCopy().put("attempt", 0))).extracting(Error::getKeyword).contains("minimum");
    }

    private static ObjectNode valid() {
        return (ObjectNode) JSON.readTree("{\"to\":\"+4791234567\",\"body\":\"hello\",\"kind\":\"otp\"}");
    }

    private static void assertTypesCorrespond(Class<? extends Record> type, Schema schema) {
        JsonNode properties = schema.getSchemaNode().get("properties");
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode property = properties.get(component.getName());
            assertThat(property.get("type").asString()).as(component.getName())
                    .isEqualTo(jsonType(component.getGenericType()));
            Class<?> raw = component.getType();
            if (raw == Instant.class) {
                assertThat(property.get("format").asString()).as(component.getName()).isEqualTo("date-time");
            }
            if (raw.isEnum()) {
                List<String> wireNames = Arrays.stream(raw.getEnumConstants())
                        .map(constant -> JSON.valueToTree(constant).asString()).toList();
                assertThat(property.get("enum").valueStream().map(JsonNode::asString).toList()).as(component.getName())
                        .containsExactlyElementsOf(wireNames);
            }
            if (raw == Map.class) {
                Type valueType = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[1];
                assertThat(property.get("additionalProperties").get("type").asString()).isEqualTo(jsonType(valueType));
            }
        }
        if (type == SmsEvent.class) {
            // The event's type values are constants on the record.
            assertThat(properties.get("type").get("enum").valueStream().map(JsonNode::asString))
                    .containsExactly(SmsEvent.SENT, SmsEvent.RETRYING, SmsEvent.FAILED, SmsEvent.DELIVERED, SmsEvent.UNDELIVERED);
        }
    }

    private static String jsonType(Type type) {
        Class<?> raw = type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
        if (raw == String.class || raw == Instant.class || raw.isEnum()) {
            return "string";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "integer";
        }
        if (raw == Map.class) {
            return "object";
        }
        if (raw == java.math.BigDecimal.class) {
            return "number";
        }
        throw new AssertionError("no JSON type mapping for " + type + ": add one here and to the schema");
    }

    private static Set<String> componentNames(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            names.add(component.getName());
        }
        return names;
    }

    private static Set<String> schemaProperties(Schema schema) {
        return new TreeSet<>(schema.getSchemaNode().get("properties").propertyNames());
    }

    private static List<Error> errors(Schema schema, JsonNode instance) {
        return schema.validate(instance);
    }

    private static Schema schema(String name) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder ->
                // 2020-12 treats "format" as an annotation; we want date-time checked.
                builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = SchemaContractTest.class.getResourceAsStream(name)) {
            return registry.getSchema(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
