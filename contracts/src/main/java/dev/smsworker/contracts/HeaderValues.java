package dev.smsworker.contracts;

import com.rabbitmq.client.LongString;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the contract's AMQP headers ({@link Headers}) the one way the worker, sms-ops and the benchmarks all
 * read them. A header comes from outside and may hold anything, so nothing here throws: a value that is not
 * what the contract says is absent (or 0 for a count). Values arrive as the AMQP client decoded them: text
 * as {@link String} (Spring AMQP converts short long-strings), {@link LongString} (the plain client) or
 * {@code byte[]}, all read as UTF-8; integers as {@link Number}. Needs the RabbitMQ Java client on the class
 * path, as any reader of AMQP headers has.
 */
public final class HeaderValues {

    private HeaderValues() {
    }

    /**
     * Header {@code name} as text: a string, long string or byte array as UTF-8, a number in decimal, anything
     * else (a table, an array, a timestamp) as its {@code toString()}; empty when the header or the whole
     * map ({@code headers} may be null) is absent.
     */
    public static Optional<String> string(Map<String, Object> headers, String name) {
        Object value = headers == null ? null : headers.get(name);
        return switch (value) {
            case null -> Optional.empty();
            case String s -> Optional.of(s);
            case LongString s -> Optional.of(new String(s.getBytes(), StandardCharsets.UTF_8));
            case byte[] bytes -> Optional.of(new String(bytes, StandardCharsets.UTF_8));
            default -> Optional.of(value.toString());
        };
    }

    /**
     * Header {@code name} as a count ({@code sms-attempt}, {@code sms-replay-count}, {@code x-delivery-count}):
     * an integer of any AMQP width, or text of a decimal {@code long} (surrounding white space ignored); never
     * negative, at most {@link Integer#MAX_VALUE} (a larger value saturates); 0 when absent or anything else.
     */
    public static int count(Map<String, Object> headers, String name) {
        Object value = headers == null ? null : headers.get(name);
        long count = switch (value) {
            case null -> 0;
            case Number n -> n.longValue();
            default -> parseLong(string(headers, name).orElse(""));
        };
        return (int) Math.max(0, Math.min(count, Integer.MAX_VALUE));
    }

    /**
     * Header {@code name} as an instant ({@code sms-first-attempt-at}, {@code sms-failed-at},
     * {@code sms-replayed-at}): text in the form {@link Rfc3339} describes; empty when absent or anything else,
     * numbers and AMQP timestamps included, whatever unit they may have meant.
     */
    public static Optional<Instant> instant(Map<String, Object> headers, String name) {
        return string(headers, name).flatMap(Rfc3339::parse);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
