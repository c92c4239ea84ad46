package dev.smsworker.ops.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;

/**
 * The JSON of {@code --json} output: indented, ISO-8601 instants, nulls left out. Besides JSON's own
 * escapes, DEL, C1 controls and format characters (bidi overrides, zero-width characters) are written as
 * {@code \\uHHHH}: the same JSON value, but nothing a terminal would act on when someone reads it there.
 */
public final class OpsJson {

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder().characterEscapes(new TerminalSafeEscapes()).build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .changeDefaultPropertyInclusion(inclusion -> inclusion
                    .withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private OpsJson() {
    }

    public static void print(PrintWriter out, Object value) {
        out.println(MAPPER.writeValueAsString(value));
        out.flush();
    }

    private static final class TerminalSafeEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return TerminalText.unsafe(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
