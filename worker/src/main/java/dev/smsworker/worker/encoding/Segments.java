package dev.smsworker.worker.encoding;

/**
 * How a body travels over SMS and what it costs: its encoding and the number of segments a provider bills.
 * <p>
 * GSM-7 when every character is in the GSM 03.38 default alphabet or its extension table (3GPP TS 23.038
 * §6.2.1, §6.2.1.1); an extension character ({@code ^ { } \ [ ~ ] | €} and form feed) costs two septets, an
 * escape and the character. Otherwise UCS-2, where a character outside the Basic Multilingual Plane (an emoji)
 * is a surrogate pair and costs two 16-bit units. One segment carries 160 septets or 70 units; a longer body is
 * split into segments of 153 septets or 67 units, the rest of each 140 octets holding the concatenation header
 * (3GPP TS 23.040 §9.2.3.24.1). Like the carriers (and Twilio's segment calculator), a segment never splits an
 * escape sequence or a surrogate pair: such a character moves whole to the next segment.
 *
 * @param encoding what the body is sent as
 * @param units    septets (GSM-7) or 16-bit units (UCS-2) of the whole body
 * @param segments segments billed, at least 1 (an empty body is still one SMS)
 */
public record Segments(Encoding encoding, int units, int segments) {

    public enum Encoding {
        GSM_7("gsm-7", 160, 153), UCS_2("ucs-2", 70, 67);

        private final String wireName;
        private final int single;
        private final int perPart;

        Encoding(String wireName, int single, int perPart) {
            this.wireName = wireName;
            this.single = single;
            this.perPart = perPart;
        }

        /** The name in status events and the {@code sms-encoding} header: {@code gsm-7} or {@code ucs-2}. */
        public String wireName() {
            return wireName;
        }
    }

    // The 128 characters of the default alphabet, in table order (0x00 to 0x7F; 0x1B, the escape, left out).
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    /** Measures a body; never null, never throws. */
    public static Segments of(String body) {
        return gsm7(body) ? measure(body, Encoding.GSM_7) : measure(body, Encoding.UCS_2);
    }

    private static boolean gsm7(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Segments measure(String body, Encoding encoding) {
        int units = 0;
        int segments = 1;
        int inSegment = 0;
        for (int i = 0; i < body.length(); i += Character.charCount(body.codePointAt(i))) {
            int cost = cost(body.codePointAt(i), encoding);
            units += cost;
            if (inSegment + cost > encoding.perPart) {
                segments++;
                inSegment = 0;
            }
            inSegment += cost;
        }
        // The packing above assumed a split; a body that fits one segment has no header and is one SMS.
        return new Segments(encoding, units, units <= encoding.single ? 1 : segments);
    }

    private static int cost(int codePoint, Encoding encoding) {
        if (encoding == Encoding.UCS_2) {
            return Character.charCount(codePoint);
        }
        return EXTENSION.indexOf(codePoint) >= 0 ? 2 : 1;
    }
}
