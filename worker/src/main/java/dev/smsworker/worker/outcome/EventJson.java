package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.SmsEvent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.core.util.ByteArrayBuilder;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A status event as JSON, written field by field on the mapper's own generator instead of through its record
 * serializer: the bytes are the ones {@code json.writeValueAsBytes(event)} gives (same field order, absent fields
 * left out as {@code @JsonInclude(NON_NULL)} says, same escaping and number format), at a fraction of the cost
 * (issue 16: Jackson's serializer was ~5% of the per-delivery thread's samples, the Instant's formatter a third of
 * it). {@code EventJsonTest} holds it to the mapper's output, and fails when {@link SmsEvent} gains a field without
 * a line here.
 */
final class EventJson {

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in epoch seconds: ISO_INSTANT's four-digit years. */
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    private final JsonMapper json;

    EventJson(JsonMapper json) {
        this.json = json;
    }

    /** The event's UTF-8 JSON, as the contract's {@code sms-event.schema.json} describes it. */
    byte[] write(SmsEvent event) {
        // 320 bytes: a sent event with every field is about 300; the builder grows past it when it must.
        ByteArrayBuilder out = new ByteArrayBuilder(320);
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartObject();
            text(gen, "type", event.type());
            text(gen, "messageId", event.messageId());
            text(gen, "correlationId", event.correlationId());
            if (event.kind() != null) {
                gen.writeStringProperty("kind", event.kind().wireName());
            }
            gen.writeNumberProperty("attempt", event.attempt());
            text(gen, "provider", event.provider());
            text(gen, "providerMessageId", event.providerMessageId());
            if (event.errorClass() != null) {
                gen.writeStringProperty("errorClass", event.errorClass().name());
            }
            text(gen, "errorCode", event.errorCode());
            if (event.at() != null) {
                gen.writeStringProperty("at", isoInstant(event.at()));
            }
            text(gen, "providerStatus", event.providerStatus());
            if (event.sinceFirstAttemptMillis() != null) {
                gen.writeNumberProperty("sinceFirstAttemptMillis", event.sinceFirstAttemptMillis().longValue());
            }
            text(gen, "encoding", event.encoding());
            if (event.segments() != null) {
                gen.writeNumberProperty("segments", event.segments().intValue());
            }
            if (event.estimatedCost() != null) {
                gen.writeNumberProperty("estimatedCost", event.estimatedCost());
            }
            gen.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * {@code at.toString()}, the ISO_INSTANT text Jackson's InstantSerializer writes ({@code 2026-11-30T13:05:54.123Z}:
     * UTC, the fraction in 0, 3, 6 or 9 digits as needed), without the formatter's machinery, which was a third of
     * the event's JSON (issue 16). Years outside 0000-9999, which ISO_INSTANT writes with a sign, take toString.
     */
    static String isoInstant(Instant at) {
        if (at.getEpochSecond() < YEAR_0 || at.getEpochSecond() >= YEAR_10000) {
            return at.toString();
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(30);
        digits(text, utc.getYear(), 4).append('-');
        digits(text, utc.getMonthValue(), 2).append('-');
        digits(text, utc.getDayOfMonth(), 2).append('T');
        digits(text, utc.getHour(), 2).append(':');
        digits(text, utc.getMinute(), 2).append(':');
        digits(text, utc.getSecond(), 2);
        int nano = at.getNano();
        if (nano != 0) {
            text.append('.');
            if (nano % 1_000_000 == 0) {
                digits(text, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(text, nano / 1_000, 6);
            } else {
                digits(text, nano, 9);
            }
        }
        return text.append('Z').toString();
    }

    /** {@code value} (not negative) in {@code width} digits, zeros in front. */
    private static StringBuilder digits(StringBuilder text, int value, int width) {
        for (int limit = 10, i = 1; i < width; i++, limit *= 10) {
            if (value < limit) {
                text.append('0');
            }
        }
        return text.append(value);
    }

    private static void text(JsonGenerator gen, String name, String value) {
        if (value != null) {
            gen.writeStringProperty(name, value);
        }
    }
}
