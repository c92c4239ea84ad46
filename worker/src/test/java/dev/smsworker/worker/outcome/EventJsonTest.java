package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.SmsEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written event JSON is byte for byte what Jackson's record serializer writes for the contract's record. */
class EventJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<SmsEvent> events() {
        Instant at = Instant.parse("2026-11-30T13:05:54.123456789Z");
        return Stream.of(
                new SmsEvent(SmsEvent.SENT, "m-1", "c-1", Kind.OTP, 1, "twilio", "SM1", null, null, at, "gsm-7", 1,
                        new BigDecimal("0.0075")),
                new SmsEvent(SmsEvent.SENT, "m-2", "c-2", Kind.MARKETING, 3, "vonage", "V-9", null, null,
                        Instant.parse("2026-11-30T13:05:54Z"), "ucs-2", 4, new BigDecimal("1E+1")),
                new SmsEvent(SmsEvent.RETRYING, "m-3", "c-3", Kind.TRANSACTIONAL, 2, "sinch", null, ErrorClass.RETRYABLE,
                        "http-503", Instant.parse("2026-11-30T13:05:54.100Z"), "gsm-7", 2, null),
                new SmsEvent(SmsEvent.FAILED, "id \"quoted\" \\ é 日本 \u0001", "c\n4", null, 1000, null, null,
                        ErrorClass.MALFORMED, "invalid-json", at),
                new SmsEvent(SmsEvent.UNDELIVERED, "m-5", "c-5", Kind.OTP, 1, "twilio", "SM5", ErrorClass.MESSAGE_FATAL,
                        "30003", at, "undelivered", 123_456_789_012L),
                new SmsEvent(null, null, null, null, 0, null, null, null, null, null, null, null, null, null, null),
                every());
    }

    /** Every field set: a field added to the record must be set here, and EventJson must write it. */
    private static SmsEvent every() {
        return new SmsEvent(SmsEvent.UNDELIVERED, "m-6", "c-6", Kind.OTP, 2, "sinch", "S6", ErrorClass.RETRYABLE, "e",
                Instant.parse("2026-11-30T13:05:54.5Z"), "expired", 42L, "ucs-2", 3, new BigDecimal("0.10"));
    }

    @Test
    void theEveryFieldEventHasEveryFieldOfTheRecord() {
        var written = JSON.readTree(new EventJson(JSON).write(every()));
        assertThat(written.propertyNames()).containsExactly(
                Arrays.stream(SmsEvent.class.getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new));
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() {
        Random random = new Random(16);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX, Instant.parse("2026-02-28T23:59:59.010Z"),
                Instant.parse("2026-11-30T13:05:54.000100Z"), Instant.parse("2026-11-30T13:05:54.000000001Z")));
        for (int i = 0; i < 50_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 1_000_000, 253_402_300_800L + 1_000_000);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant at : instants) {
            assertThat(EventJson.isoInstant(at)).isEqualTo(at.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("events")
    void writesWhatTheMapperWrites(SmsEvent event) {
        byte[] expected = JSON.writeValueAsBytes(event);

        byte[] written = new EventJson(JSON).write(event);

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(written).isEqualTo(expected);
    }
}
