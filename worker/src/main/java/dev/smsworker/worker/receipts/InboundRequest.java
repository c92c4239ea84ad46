package dev.smsworker.worker.receipts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request to a receipt endpoint, as read: nothing in it is trusted until its provider's check passed.
 *
 * @param method     {@code GET} or {@code POST}
 * @param path       the request path, e.g. {@code /receipts/twilio}
 * @param rawQuery   the query string as sent (still percent-encoded), or null
 * @param headers    header names in lower case
 * @param body       at most {@code sms.receipts.max-body-size} bytes
 * @param receivedAt when the endpoint received it
 */
record InboundRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
                      Instant receivedAt) {

    /** The first value of header {@code name} (any case), or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean isForm() {
        String type = header("content-type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    boolean isGet() {
        return method.equals("GET");
    }
}
