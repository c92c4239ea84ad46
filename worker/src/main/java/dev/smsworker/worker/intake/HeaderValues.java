package dev.smsworker.worker.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Reads our headers defensively: they come from outside and may hold anything. */
final class HeaderValues {

    private HeaderValues() {
    }

    static Optional<String> string(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return switch (value) {
            case null -> Optional.empty();
            case String s -> Optional.of(s);
            case byte[] bytes -> Optional.of(new String(bytes, StandardCharsets.UTF_8));
            case Number n -> Optional.of(n.toString());
            default -> Optional.of(value.toString());
        };
    }

    /** A non-negative count, or 0 when absent or not a number. */
    static int count(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        long count = switch (value) {
            case Number n -> n.longValue();
            case null -> 0;
            default -> parseLong(string(headers, name).orElse(""));
        };
        return (int) Math.max(0, Math.min(count, 1_000));
    }

    /** An RFC 3339 instant string (see {@link InstantText}); empty when absent or anything else, numbers included. */
    static Optional<Instant> instant(Map<String, Object> headers, String name) {
        return string(headers, name).flatMap(InstantText::parse);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
