package dev.smsworker.worker.intake;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestReaderTest {

    private final RequestReader reader = new RequestReader(new RequestValidator(), new IntakeProperties(DataSize.ofKilobytes(32)));

    @Test
    void aCompleteRequestIsValidAndUnknownFieldsAreIgnored() {
        ReadResult result = read("""
                {"messageId":"m-1","to":"+4791234567","body":"hi","from":"Acme","kind":"otp",
                 "expiresAt":"2030-01-01T00:00:00Z","tags":{"team":"login"},"futureField":{"x":1}}""");
        assertThat(result).isInstanceOf(ReadResult.Valid.class);
        var request = ((ReadResult.Valid) result).request();
        assertThat(request.kind()).isEqualTo(Kind.OTP);
        assertThat(request.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(request.tags()).containsEntry("team", "login");
    }

    @Test
    void kindDefaultsToTransactional() {
        var request = ((ReadResult.Valid) read("{\"to\":\"+4791234567\",\"body\":\"hi\"}")).request();
        assertThat(request.kindOrDefault()).isEqualTo(Kind.TRANSACTIONAL);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"to":"+4791234567","body":                             | MALFORMED     | invalid-json
            {"to":"+4791234567","body":"hi"} trailing                | MALFORMED     | invalid-json
            {"to":"+4791234567","to":"+4791234568","body":"hi"}      | MALFORMED     | invalid-json
            {"to":4791234567,"body":"hi"}                            | MALFORMED     | invalid-field
            {"to":"+4791234567","body":true}                         | MALFORMED     | invalid-field
            {"to":"+4791234567","body":"hi","kind":"spam"}           | MALFORMED     | invalid-field
            {"to":"+4791234567","body":"hi","expiresAt":"tomorrow"}  | MALFORMED     | invalid-instant
            {"to":"+4791234567","body":"hi","expiresAt":1764460800000}   | MALFORMED | invalid-instant
            {"to":"+4791234567","body":"hi","expiresAt":"1764460800000"} | MALFORMED | invalid-instant
            {"to":"+4791234567","body":"hi","expiresAt":1764460800}      | MALFORMED | invalid-instant
            {"to":"+4791234567","body":"hi","expiresAt":1764460800.5}    | MALFORMED | invalid-instant
            {"to":"+4791234567","body":"hi","expiresAt":"2030-01-01T00:00:00"}   | MALFORMED | invalid-instant
            {"to":"+4791234567","body":"hi","expiresAt":"2030-01-01"}            | MALFORMED | invalid-instant
            {"to":"+4791234567","body":"hi","expiresAt":"+12030-01-01T00:00:00Z"} | MALFORMED | invalid-instant
            {"to":"+4791234567","body":"hi","expiresAt":true}            | MALFORMED | invalid-instant
            {"to":"+4791234567","body":"hi","tags":{"a":1}}          | MALFORMED     | invalid-field
            {"to":"+4791234567","body":"hi","tags":[1]}              | MALFORMED     | invalid-field
            [1,2,3]                                                  | MALFORMED     | invalid-field
            "just a string"                                          | MALFORMED     | invalid-field
            null                                                     | MALFORMED     | invalid-json
            {"body":"hi"}                                            | MALFORMED     | missing-field
            {"to":"+4791234567"}                                     | MALFORMED     | missing-field
            {"to":"+4791234567","body":""}                           | MALFORMED     | missing-field
            {"to":"+4791234567","body":" "}                          | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"\\t\\r\\n"}                  | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"code\\u0000"}                | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"\\u001b[31mred"}             | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"\\u00a0"}                    | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"\\u00a0\\u2003\\u3000\\u2028"}   | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"\\u200b\\u200c\\u200d\\u2060\\ufeff"} | MALFORMED | invalid-body
            {"to":"+4791234567","body":"\\u3164\\u115f\\u2800\\ufe0f"}  | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"It\\u0092s"}                 | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"code\\u0085"}                | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"half \\ud83d pair"}          | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"\\ude00 low first"}          | MALFORMED     | invalid-body
            {"to":"+4791234567","body":"hi","from":"   "}           | MALFORMED     | invalid-from
            {"to":"+4791234567","body":"hi","from":"AC\\u00a0ME"}      | MALFORMED     | invalid-from
            {"to":"+4791234567","body":"hi","tags":{"a":"x\\u0007"}}  | MALFORMED     | invalid-tags
            {"to":"+4791234567","body":"hi","tags":{"a":"x\\u009b2J"}} | MALFORMED    | invalid-tags
            {"to":"+4791234567","body":"hi","tags":{"\\u200b":"x"}}   | MALFORMED     | invalid-tags
            {"to":"+4791234567","body":"hi","tags":{"a":"\\ud800"}}   | MALFORMED     | invalid-tags
            {"to":"+4791234567","body":"hi","messageId":"ordre-\\u00f8-1"} | MALFORMED | invalid-message-id
            {"to":"+4791234567","body":"hi","messageId":"has space"} | MALFORMED     | invalid-message-id
            {"to":"+4791234567","body":"hi","from":"WayTooLongSender"} | MALFORMED   | invalid-from
            {"to":"4791234567","body":"hi"}                          | MESSAGE_FATAL | invalid-number
            {"to":"+47123","body":"hi"}                              | MESSAGE_FATAL | invalid-number
            {"to":"+999123456789","body":"hi"}                       | MESSAGE_FATAL | invalid-number
            {"to":"+47 912 34 567","body":"hi"}                      | MESSAGE_FATAL | invalid-number
            """)
    void badRequestsGetAReason(String json, ErrorClass errorClass, String code) {
        ReadResult result = read(json);
        assertThat(result).isInstanceOf(ReadResult.Invalid.class);
        var failure = ((ReadResult.Invalid) result).failure();
        assertThat(failure.errorClass()).isEqualTo(errorClass);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.message()).isNotBlank();
    }

    @Test
    void aBodyOfExactly1600CharactersIsAcceptedAnd1601IsNot() {
        assertThat(read("{\"to\":\"+4791234567\",\"body\":\"" + "é".repeat(1600) + "\"}")).isInstanceOf(ReadResult.Valid.class);
        assertThat(read("{\"to\":\"+4791234567\",\"body\":\"" + "x".repeat(1601) + "\"}")).isInstanceOf(ReadResult.Invalid.class);
    }

    @Test
    void deeplyNestedJsonIsRejectedWithoutParsingItAll() {
        String deep = "{\"to\":\"+4791234567\",\"body\":\"hi\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        var failure = ((ReadResult.Invalid) read(deep)).failure();
        assertThat(failure.code()).isIn("invalid-json", "invalid-field");
    }

    /** ASCII bodies are read from their bytes, others from their decoded text: the reasons are the same either way. */
    @Test
    void reasonsAndPositionsAreTheSameForAsciiAndOtherBodies() {
        String broken = "{\"to\":\"+4791234567\",\n \"body\": hi, \"x\":\"%s\"}";
        String wrongType = "{\"to\":\"+4791234567\",\"body\":\"hi\",\"tags\":{\"a\":1},\"x\":\"%s\"}";
        for (String json : new String[]{broken, wrongType}) {
            var ascii = ((ReadResult.Invalid) read(json.formatted("plain"))).failure();
            var other = ((ReadResult.Invalid) read(json.formatted("\u00E6\u00F8\u00E5"))).failure();
            assertThat(other.code()).isEqualTo(ascii.code());
            assertThat(other.message()).isEqualTo(ascii.message());
        }
        assertThat(((ReadResult.Invalid) read(broken.formatted("plain"))).failure().message()).contains("line 2, column");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = {'{', '"', 't', 'o', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(((ReadResult.Invalid) reader.read(body)).failure().errorClass()).isEqualTo(ErrorClass.MALFORMED);
    }

    /**
     * Bytes that are not UTF-8 were replaced by U+FFFD on the way in and the SMS sent with the damage;
     * Jackson on its own also accepts an encoded surrogate (CESU-8). Each is malformed, never repaired.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "lone continuation byte, 80",
            "truncated two-byte sequence, C3",
            "overlong slash, C0AF",
            "encoded high surrogate (CESU-8), EDA080",
            "Latin-1 e-acute, E9",
            "beyond U+10FFFF, F4908080"})
    void bytesThatAreNotUtf8InAnyTextAreMalformed(String what, String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] body = concat("{\"to\":\"+4791234567\",\"body\":\"caf".getBytes(StandardCharsets.UTF_8), bad, "\"}".getBytes(StandardCharsets.UTF_8));

        var failure = ((ReadResult.Invalid) reader.read(body)).failure();
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.MALFORMED);
        assertThat(failure.code()).isEqualTo("invalid-utf8");
    }

    @Test
    void textInAnyScriptWithItsFormatCharactersIsValid() {
        for (String body : new String[]{"Ærlig talt, ørret på bål", "\uD83D\uDC69\u200D\uD83D\uDCBB ok", "\u0645\u0631\u062D\u0628\u0627\u200F 42",
                "\u4F60\u597D", "\u00a0x", "\uE000"}) {
            assertThat(reader.read(("{\"to\":\"+4791234567\",\"body\":\"" + body + "\",\"tags\":{\"t\":\"" + body
                    + "\"}}").getBytes(StandardCharsets.UTF_8))).as(body).isInstanceOf(ReadResult.Valid.class);
        }
    }

    @Test
    void aByteOrderMarkBeforeTheJsonIsSkipped() {
        byte[] body = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"to\":\"+4791234567\",\"body\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(reader.read(body)).isInstanceOf(ReadResult.Valid.class);
    }

    @Test
    void anInstantWithAnOffsetIsReadAsThatInstant() {
        var request = ((ReadResult.Valid) read("{\"to\":\"+4791234567\",\"body\":\"hi\",\"expiresAt\":\"2030-01-01T01:00:00.5+01:00\"}")).request();
        assertThat(request.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00.5Z"));
    }

    /** Issue 9: epoch milliseconds were read as epoch seconds, about the year 57,900, and an expired OTP was sent. */
    @Test
    void epochMillisecondsAreRefusedWithAReasonThatSaysWhy() {
        var failure = ((ReadResult.Invalid) read("{\"to\":\"+4791234567\",\"body\":\"hi\",\"expiresAt\":1764460800000}")).failure();
        assertThat(failure.message()).contains("expiresAt").contains("ISO-8601").contains("numbers are refused");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void reasonsNeverEchoTheContent() {
        var failure = ((ReadResult.Invalid) read("{\"to\":\"+4791234567\",\"body\":\"code 918273\" oops}")).failure();
        assertThat(failure.message()).doesNotContain("918273").doesNotContain("91234567");
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedBeforeParsing() {
        RequestReader small = new RequestReader(new RequestValidator(), new IntakeProperties(DataSize.ofBytes(10)));
        var failure = ((ReadResult.Invalid) small.read("{\"to\":\"+4791234567\"}".getBytes(StandardCharsets.UTF_8))).failure();
        assertThat(failure.code()).isEqualTo("message-too-large");
    }

    private ReadResult read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
