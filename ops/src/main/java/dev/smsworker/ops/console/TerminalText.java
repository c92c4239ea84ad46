package dev.smsworker.ops.console;

/**
 * Makes text from the broker safe to print on an operator's terminal as one {@code name=value} token.
 * Values are data, not trusted: an escape sequence in a header or event could rewrite the screen, and a
 * line break could forge a line.
 */
public final class TerminalText {

    /** Longer values are cut here: one event is one line. */
    static final int MAX_LENGTH = 200;

    private TerminalText() {
    }

    /**
     * The value as is when it is one plain word; else in double quotes with {@code "} and {@code \}
     * escaped, and control, format (bidi overrides), separator, surrogate and unassigned characters
     * (by Unicode category) as {@code \\uXXXX}. At most {@value #MAX_LENGTH} characters, then {@code ...}.
     */
    public static String token(String value) {
        String cut = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
        StringBuilder escaped = new StringBuilder();
        boolean plain = !cut.isEmpty();
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
                plain = false;
            } else if (unsafe(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
                plain = false;
            } else {
                plain &= !Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '=';
                escaped.append(c);
            }
        }
        String suffix = cut.length() < value.length() ? "..." : "";
        return plain ? escaped + suffix : "\"" + escaped + "\"" + suffix;
    }

    private static boolean unsafe(char c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }
}
