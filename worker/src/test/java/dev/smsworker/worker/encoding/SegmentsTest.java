package dev.smsworker.worker.encoding;

import dev.smsworker.worker.encoding.Segments.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Examples from 3GPP TS 23.038 (the GSM 03.38 tables) and TS 23.040 (concatenation), and Twilio's segment docs. */
class SegmentsTest {

    // GSM 03.38 default alphabet, rows 0x00..0x7F read column by column as the standard prints it (0x1B left out).
    static final String DEFAULT_ALPHABET = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    // The extension table: form feed 0x0A, ^ 0x14, { 0x28, } 0x29, \ 0x2F, [ 0x3C, ~ 0x3D, ] 0x3E, | 0x40, € 0x65.
    static final String EXTENSION_TABLE = "\f^{}\\[~]|€";

    @Test
    void everyCharacterOfTheDefaultAlphabetIsOneSeptet() {
        assertThat(DEFAULT_ALPHABET).hasSize(127);
        DEFAULT_ALPHABET.chars().forEach(c -> assertThat(Segments.of(String.valueOf((char) c)))
                .as("U+%04X", c).isEqualTo(new Segments(Encoding.GSM_7, 1, 1)));
    }

    @Test
    void everyCharacterOfTheExtensionTableIsTwoSeptets() {
        EXTENSION_TABLE.chars().forEach(c -> assertThat(Segments.of(String.valueOf((char) c)))
                .as("U+%04X", c).isEqualTo(new Segments(Encoding.GSM_7, 2, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ç (only Ç is in the table)|ç",
            "backtick|`",
            "Cyrillic|ж",
            "Polish|ł",
            "curly quote, typed by phones|’",
            "non-breaking space|\u00a0"})
    void aCharacterOutsideBothTablesMakesTheWholeBodyUcs2(String what, String character) {
        assertThat(Segments.of("Your code is 1234 " + character).encoding()).isEqualTo(Encoding.UCS_2);
    }

    @ParameterizedTest(name = "{0} GSM-7 septets: {1} segment(s)")
    @CsvSource({"0, 1", "1, 1", "160, 1", "161, 2", "306, 2", "307, 3", "459, 3", "460, 4"})
    void gsm7SegmentsAre160AloneAnd153Concatenated(int length, int segments) {
        assertThat(Segments.of("a".repeat(length))).isEqualTo(new Segments(Encoding.GSM_7, length, segments));
    }

    @ParameterizedTest(name = "{0} UCS-2 units: {1} segment(s)")
    @CsvSource({"1, 1", "70, 1", "71, 2", "134, 2", "135, 3", "201, 3", "202, 4"})
    void ucs2SegmentsAre70AloneAnd67Concatenated(int length, int segments) {
        assertThat(Segments.of("ж".repeat(length))).isEqualTo(new Segments(Encoding.UCS_2, length, segments));
    }

    @Test
    void extensionCharactersCountDoubleTowardsTheLimit() {
        assertThat(Segments.of("€".repeat(80))).isEqualTo(new Segments(Encoding.GSM_7, 160, 1));
        assertThat(Segments.of("a" + "€".repeat(80))).isEqualTo(new Segments(Encoding.GSM_7, 161, 2));
    }

    @Test
    void anEscapeSequenceIsNeverSplitAcrossSegments() {
        // 152 septets, then € (2): it does not fit the first 153-septet part and moves whole to the second.
        Segments segments = Segments.of("a".repeat(152) + "€" + "a".repeat(152));
        assertThat(segments.units()).isEqualTo(306);
        assertThat(segments.segments()).as("306 septets would fit two parts only if € were split").isEqualTo(3);
    }

    @Test
    void anEmojiIsASurrogatePairOfTwoUnits() {
        assertThat(Segments.of("😀")).isEqualTo(new Segments(Encoding.UCS_2, 2, 1));
        assertThat(Segments.of("😀".repeat(35))).isEqualTo(new Segments(Encoding.UCS_2, 70, 1));
        assertThat(Segments.of("😀".repeat(36))).isEqualTo(new Segments(Encoding.UCS_2, 72, 2));
    }

    @Test
    void aSurrogatePairIsNeverSplitAcrossSegments() {
        // 66 units, then an emoji (2): it moves whole to the second 67-unit part.
        Segments segments = Segments.of("ж".repeat(66) + "😀" + "ж".repeat(66));
        assertThat(segments.units()).isEqualTo(134);
        assertThat(segments.segments()).isEqualTo(3);
    }

    @Test
    void oneEmojiTurnsAShortGsmBodyIntoUcs2AndDoublesItsCost() {
        String code = "Your login code is 482913. It expires in 10 minutes. Do not share it with anyone, not even us. ";
        assertThat(Segments.of(code)).extracting(Segments::encoding, Segments::segments).containsExactly(Encoding.GSM_7, 1);
        assertThat(Segments.of(code + "🔐")).extracting(Segments::encoding, Segments::segments).containsExactly(Encoding.UCS_2, 2);
    }

    @Test
    void wireNamesAreTheOnesInEventsAndHeaders() {
        assertThat(Encoding.GSM_7.wireName()).isEqualTo("gsm-7");
        assertThat(Encoding.UCS_2.wireName()).isEqualTo("ucs-2");
    }
}
