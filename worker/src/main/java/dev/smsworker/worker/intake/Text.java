package dev.smsworker.worker.intake;

/**
 * Publisher text judged by Unicode's categories, not ASCII ranges (the rule of the contract's
 * {@code sms-request.schema.json}):
 * <ul>
 *   <li>valid: no unpaired surrogate (a JSON {@code "\ud800"} escape decodes to one; no provider can encode it);</li>
 *   <li>control: category Cc, which includes C1 ({@code U+0080..U+009F}, e.g. {@code "It\u0092s"} from text
 *       decoded as Latin-1 instead of Windows-1252);</li>
 *   <li>visible: anything but separators and white space (Z*, incl. {@code U+00A0}), controls (Cc),
 *       format characters (Cf: zero-width space and joiners, direction marks, {@code U+FEFF}), surrogates
 *       and the default-ignorable or blank-rendering letters and marks listed in {@link #invisible}.</li>
 * </ul>
 */
final class Text {

    private Text() {
    }

    static boolean validUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} holds a control character other than those in {@code allowed}. */
    static boolean hasControl(String text, String allowed) {
        // By char, not code point: every control character (Cc) is in the BMP, and a surrogate is never one.
        // A loop, where a code-point stream cost a lambda call per character of every body (issue 16).
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL && allowed.indexOf(c) < 0) {
                return true;
            }
        }
        return false;
    }

    static boolean hasVisible(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (visible(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private static boolean visible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.CONTROL, Character.FORMAT, Character.SURROGATE -> false;
            default -> !Character.isWhitespace(codePoint) && !invisible(codePoint);
        };
    }

    /**
     * Letters and marks that draw nothing: the Hangul fillers, the braille blank, the combining grapheme
     * joiner, Mongolian and Khmer invisible signs, and the variation selectors (Unicode's
     * Default_Ignorable_Code_Point outside Cf, plus U+2800).
     */
    private static boolean invisible(int cp) {
        return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F) || cp == 0x2800 || cp == 0x3164 || cp == 0xFFA0
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }
}
