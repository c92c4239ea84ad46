package dev.smsworker.worker.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the publisher's headers of a republished message within a size budget. AMQP carries all
 * headers in one frame, at most {@code frame_max} (128 KiB by default): a message that arrived with
 * headers close to that limit, plus the headers the worker adds, could never be published again, and
 * would be handed back and retried for ever. The largest headers go first, and are named.
 */
final class HeaderBudget {

    /** The kept headers and the names of those dropped (largest first). */
    record Fitted(Map<String, Object> kept, List<String> dropped) {
    }

    private HeaderBudget() {
    }

    static Fitted fit(Map<String, Object> headers, int budgetBytes) {
        long total = headers.entrySet().stream().mapToLong(HeaderBudget::size).sum();
        if (total <= budgetBytes) {
            return new Fitted(headers, List.of());
        }
        Map<String, Object> kept = new LinkedHashMap<>(headers);
        List<String> dropped = new ArrayList<>();
        List<Map.Entry<String, Object>> largestFirst = headers.entrySet().stream()
                .sorted(Comparator.comparingLong(HeaderBudget::size).reversed()).toList();
        for (Map.Entry<String, Object> entry : largestFirst) {
            if (total <= budgetBytes) {
                break;
            }
            kept.remove(entry.getKey());
            dropped.add(entry.getKey());
            total -= size(entry);
        }
        return new Fitted(kept, dropped);
    }

    private static long size(Map.Entry<String, Object> entry) {
        return 1 + utf8Length(entry.getKey()) + size(entry.getValue());
    }

    /** An upper estimate of a field value's encoded size: type byte, length prefix, content. */
    static long size(Object value) {
        return switch (value) {
            case null -> 1;
            case String s -> 5 + utf8Length(s);
            case byte[] bytes -> 5 + bytes.length;
            case Map<?, ?> map -> 5 + map.entrySet().stream()
                    .mapToLong(e -> 1 + utf8Length(String.valueOf(e.getKey())) + size(e.getValue())).sum();
            case Collection<?> list -> 5 + list.stream().mapToLong(HeaderBudget::size).sum();
            case Object[] array -> 5 + Arrays.stream(array).mapToLong(HeaderBudget::size).sum();
            // LongString and anything else the client writes as text.
            default -> value instanceof Number || value instanceof Boolean || value instanceof Date
                    ? 18 : 5 + utf8Length(value.toString());
        };
    }

    private static long utf8Length(String text) {
        // Exact for ASCII, and never an underestimate: no char takes more than 3 bytes in UTF-8.
        return text.length() <= 1024 ? text.getBytes(StandardCharsets.UTF_8).length : 3L * text.length();
    }
}
