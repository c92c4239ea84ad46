package dev.smsworker.worker.providers.http;

import java.nio.charset.StandardCharsets;

/**
 * Values that go into HTTP headers. HTTP/1.1 header values are visible ASCII (RFC 9110 section 5.5); OkHttp
 * throws {@link IllegalArgumentException} for anything else, and a value from outside (an AMQP
 * {@code message-id} such as {@code ordre-ø-1}) must not turn into an exception in the middle of a send.
 */
public final class HttpHeaderValues {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpHeaderValues() {
    }

    /**
     * A value from outside, made safe for a header: bytes of its UTF-8 form outside visible ASCII, and
     * {@code %} itself, become {@code %XX}. Printable ASCII values without {@code %} pass unchanged; the mapping
     * is one-to-one, so two ids never share a key, and the same id always gives the same key.
     */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Checks a configured value at start-up, so a bad one stops the worker with the property's name instead
     * of failing every send. The message names the property, never the value (it may be a secret).
     */
    public static String requireValid(String property, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                throw new IllegalStateException(property + " may hold only printable ASCII (it goes into an HTTP header); "
                        + "character " + (i + 1) + " is not");
            }
        }
        return value;
    }
}
