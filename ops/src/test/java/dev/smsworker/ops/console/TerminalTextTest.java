package dev.smsworker.ops.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTextTest {

    @Test
    void escapeSequencesControlsAndBidiOverridesArePrintedAsText() {
        assertThat(TerminalText.escape("\u001b]0;pwned\u0007\u001b[2J")).isEqualTo("\\x1b]0;pwned\\x07\\x1b[2J");
        assertThat(TerminalText.escape("a\nb\rc\td\u007f")).isEqualTo("a\\x0ab\\x0dc\\x09d\\x7f");
        assertThat(TerminalText.escape("It\u0092s \u009b31m")).isEqualTo("It\\u0092s \\u009b31m");
        assertThat(TerminalText.escape("\u202egnp.exe \u2066x\u2069 zero\u200bwidth \u2028")).isEqualTo("\\u202egnp.exe \\u2066x\\u2069 zero\\u200bwidth \\u2028");
        assertThat(TerminalText.escape("lone \ud800 surrogate")).isEqualTo("lone \\ud800 surrogate");
    }

    @Test
    void ordinaryTextIncludingOtherScriptsAndEmojiIsUnchangedAndABackslashCannotForgeAnEscape() {
        assertThat(TerminalText.escape("ordre-ø-1 Ελληνικά 日本 😀 +47******67")).isEqualTo("ordre-ø-1 Ελληνικά 日本 😀 +47******67");
        assertThat(TerminalText.escape("\\x1b")).isEqualTo("\\\\x1b");
        assertThat(TerminalText.escape((String) null)).isNull();
    }
}
