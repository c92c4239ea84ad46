package dev.smsworker.ops.failed;

import com.rabbitmq.client.LongString;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads AMQP header values defensively: they come from outside and may hold anything. */
public final class HeaderValues {

    private HeaderValues() {
    }

    public static String string(Map<String, Object> headers, String name) {
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : text(value);
    }

    /** A non-negative count, 0 when absent or not a number. */
    public static int count(Map<String, Object> headers, String name) {
        Object value = headers == null ? null : headers.get(name);
        if (value instanceof Number number) {
            return (int) Math.max(0, Math.min(number.longValue(), Integer.MAX_VALUE));
        }
        try {
            return value == null ? 0 : Math.max(0, Integer.parseInt(text(value).strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static Instant instant(Map<String, Object> headers, String name) {
        String text = string(headers, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A printable, JSON-friendly form of any header value, tables and arrays (x-death) included. */
    public static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case LongString s -> s.toString();
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case Date date -> date.toInstant().toString();
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, inner) -> copy.put(String.valueOf(key), plain(inner)));
                yield copy;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>();
                list.forEach(inner -> copy.add(plain(inner)));
                yield copy;
            }
            default -> value;
        };
    }

    private static String text(Object value) {
        return switch (value) {
            case LongString s -> s.toString();
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }
}
