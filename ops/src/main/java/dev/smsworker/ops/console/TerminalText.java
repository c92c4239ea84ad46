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

    private TerminalText() {
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
