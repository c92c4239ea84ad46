package dev.smsworker.ops.console;

/**
 * Text from outside (a publisher's headers, ids, bodies, routing keys) made safe to print on an
 * operator's terminal: nothing in it can move the cursor, clear the screen, set the window title
 * (ESC, CSI and OSC sequences), end a line, or reorder what follows (bidi overrides).
 *
 * <p>Escaped, as {@code \xHH} or {@code \\uHHHH}: C0 controls and DEL, C1 controls (U+0080-U+009F; 8-bit
 * CSI is U+009B), format characters (Unicode category Cf: bidi embeddings, overrides and isolates,
 * zero-width characters), line and paragraph separators, and unpaired surrogates. A backslash becomes
 * {@code \\\\}, so an escaped value can't pass itself off as another. Everything else, accents and
 * scripts included, is printed as it is.
 */
public final class TerminalText {

    /** {@link #token} cuts longer values here: one event is one line. */
    static final int MAX_LENGTH = 200;

    private TerminalText() {
    }

    /**
     * {@code value} as one {@code name=value} token: as is when it is one plain word; else in double quotes
     * with {@code "} escaped and the rest as {@link #escape(String)} does (unassigned and private-use
     * characters too). At most {@value #MAX_LENGTH} characters, then {@code ...}.
     */
    public static String token(String value) {
        String cut = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
        StringBuilder escaped = new StringBuilder();
        boolean plain = !cut.isEmpty();
        for (int i = 0; i < cut.length(); ) {
            int codePoint = cut.codePointAt(i);
            i += Character.charCount(codePoint);
            String escape = codePoint == '"' ? "\\\"" : escapeOf(codePoint);
            if (escape == null && (Character.getType(codePoint) == Character.UNASSIGNED
                    || Character.getType(codePoint) == Character.PRIVATE_USE)) {
                escape = String.format("\\u%04x", codePoint);
            }
            if (escape != null) {
                escaped.append(escape);
                plain = false;
            } else {
                plain &= !Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint) && codePoint != '=';
                escaped.appendCodePoint(codePoint);
            }
        }
        String suffix = cut.length() < value.length() ? "..." : "";
        return plain ? escaped + suffix : "\"" + escaped + "\"" + suffix;
    }

    /** {@code value} escaped; null stays null. */
    public static String escape(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            int width = Character.charCount(codePoint);
            String escaped = escapeOf(codePoint);
            if (escaped != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.appendCodePoint(codePoint);
                }
            }
            i += width;
        }
        return out == null ? value : out.toString();
    }

    /** {@code value}'s text, escaped; for table cells and header values of any type. */
    public static String escape(Object value) {
        return value == null ? null : escape(value.toString());
    }

    private static String escapeOf(int codePoint) {
        if (codePoint == '\\') {
            return "\\\\";
        }
        if (codePoint < 0x20 || codePoint == 0x7F) {
            return String.format("\\x%02x", codePoint);
        }
        return unsafe(codePoint) ? String.format("\\u%04x", codePoint) : null;
    }

    /** Not a control we name above, but still not for a terminal. Also used for {@code --json} output. */
    public static boolean unsafe(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }
}
