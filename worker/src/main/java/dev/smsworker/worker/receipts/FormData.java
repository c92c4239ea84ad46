package dev.smsworker.worker.receipts;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code application/x-www-form-urlencoded} text (a form body or a query string) as name to values, sorted by
 * name: the order Twilio's and Vonage's signatures use. Malformed percent-escapes make the whole text unreadable.
 */
final class FormData {

    private FormData() {
    }

    /** @throws IllegalArgumentException on a malformed escape */
    static Map<String, List<String>> parse(String encoded) {
        Map<String, List<String>> values = new TreeMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return values;
    }

    /** Each name's first value; for providers that send each field once. */
    static Map<String, String> single(Map<String, List<String>> values) {
        Map<String, String> single = new TreeMap<>();
        values.forEach((name, list) -> single.put(name, list.getFirst()));
        return single;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
