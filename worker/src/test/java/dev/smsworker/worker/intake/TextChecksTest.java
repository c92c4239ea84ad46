package dev.smsworker.worker.intake;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written checks of intake (issue 16) answer as the patterns and code-point streams they replaced, on edge
 * cases and on random text drawn from ASCII, C1 controls, format characters, surrogates and astral code points.
 */
class TextChecksTest {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final char[] ALPHABET = ("+0123456789 aZ~!\t\r\n\u0000\u001F\u007F\u0080\u0092\u009F\u00A0\u00E9"
            + "\u200B\u200D\uFEFF\u3164\u2800\uD83D\uDE00\uD800\uDC00\u0663\uFF11").toCharArray();

    @Test
    void messageIdAndNumberShapesMatchTheirPatterns() {
        for (String text : samples()) {
            assertThat(RequestValidator.printableAscii(text)).as(escaped(text)).isEqualTo(MESSAGE_ID.matcher(text).matches());
            assertThat(RequestValidator.e164Shape(text)).as(escaped(text)).isEqualTo(E164.matcher(text).matches());
        }
    }

    @Test
    void controlAndVisibleMatchTheCodePointStreams() {
        for (String text : samples()) {
            for (String allowed : new String[]{"", RequestValidator.BODY_CONTROLS_ALLOWED}) {
                boolean streamed = text.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL && allowed.indexOf(cp) < 0);
                assertThat(Text.hasControl(text, allowed)).as(escaped(text)).isEqualTo(streamed);
            }
        }
        assertThat(Text.hasVisible("\u200B \uD83D\uDE00")).isTrue();
        assertThat(Text.hasVisible("\u200B \u3164\uFE0F\uDB40\uDD00")).isFalse();
        assertThat(Text.hasVisible("\uD800 ")).isFalse();
    }

    private static List<String> samples() {
        List<String> samples = new ArrayList<>(List.of("", "+", "+1234567", "+123456", "+0123456789", "+123456789012345",
                "+1234567890123456", "4791234567", "+47 91234567", "+4791234567\n", "+\u0663\u0663\u0663\u0663\u0663\u0663\u0663",
                "m-1", "a".repeat(128), "a".repeat(129), "a b", "\u00E9"));
        Random random = new Random(16);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(18);
            for (int j = 0; j < length; j++) {
                text.append(random.nextInt(3) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean() && !text.isEmpty()) {
                text.setCharAt(0, '+');
            }
            samples.add(text.toString());
        }
        return samples;
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return out.toString();
    }
}
