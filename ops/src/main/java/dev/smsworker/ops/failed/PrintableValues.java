package dev.smsworker.ops.failed;

import com.rabbitmq.client.LongString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Header values for a person or a JSON document to read ({@code sms-ops failed show}). Reading a header as
 * the contract means it (text, a count, an instant) is the job of
 * {@code HeaderValues} in {@code sms-contracts}.
 */
final class PrintableValues {

    private PrintableValues() {
    }

    /** A printable, JSON-friendly form of any header value, tables and arrays (x-death) included. */
    static Object plain(Object value) {
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
}
