package dev.smsworker.bench.fuzz;

import java.util.List;
import java.util.Random;

/** Random JSON text, and the numbers a JSON parser should survive. */
final class Json {

    /** Every number shape that JSON allows, and some it does not. */
    static final List<String> NUMBERS = List.of(
            "0", "-0", "1", "-1", "1.0", "1e400", "-1e400", "1e-400", "-1E+2", "4.9e-324", "1.7976931348623157e308",
            "123456789012345678901234567890", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "2147483648", "0.1e-999999", "1" + "0".repeat(5000), "0." + "1".repeat(5000), "1e" + "9".repeat(20),
            "NaN", "Infinity", "-Infinity", "0x1F", "01", "+1", ".5", "5.", "1e", "--1", "1_000", "١٢٣");

    private Json() {
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String value(Random random, int depth) {
        int pick = random.nextInt(depth > 4 ? 6 : 8);
        return switch (pick) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> NUMBERS.get(random.nextInt(NUMBERS.size()));
            case 3 -> String.valueOf(random.nextLong());
            case 4, 5 -> string(text(random, random.nextInt(40)));
            case 6 -> array(random, depth + 1);
            default -> object(random, depth + 1);
        };
    }

    static String object(Random random, int depth) {
        StringBuilder out = new StringBuilder("{");
        int fields = random.nextInt(8);
        List<String> names = List.of("messageId", "to", "body", "from", "kind", "expiresAt", "tags", "x", "", "to");
        for (int i = 0; i < fields; i++) {
            out.append(i == 0 ? "" : ",").append(string(names.get(random.nextInt(names.size())))).append(':').append(value(random, depth));
        }
        return out.append('}').toString();
    }

    static String array(Random random, int depth) {
        StringBuilder out = new StringBuilder("[");
        int items = random.nextInt(6);
        for (int i = 0; i < items; i++) {
            out.append(i == 0 ? "" : ",").append(value(random, depth));
        }
        return out.append(']').toString();
    }

    static String text(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            out.append(switch (kind) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) (0x80 + random.nextInt(0x700));
                case 2 -> Character.toChars(0x1F600 + random.nextInt(0x50))[0];
                default -> (char) (0x20 + random.nextInt(0x5F));
            });
        }
        return out.toString();
    }
}
