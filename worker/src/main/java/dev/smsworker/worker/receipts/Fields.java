package dev.smsworker.worker.receipts;

import dev.smsworker.worker.message.PrintableAscii;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/** Bounds and parses what a provider wrote in a receipt: it reaches our queue, events and metrics. */
final class Fields {

    /** Provider ids, statuses and codes longer than this are not what any vendor documents. */
    static final int MAX_LENGTH = 64;
    /** Our message ids are at most 128 characters (the contract). */
    static final int MAX_REFERENCE_LENGTH = 128;

    private Fields() {
    }

    /**
     * A receipt's parameters, as both Vonage and LINK send them (and Vonage signs them): the query of a GET, a form
     * body, or the scalar members of a JSON object. Null when the body is none of those.
     */
    static Map<String, String> of(InboundRequest request, JsonMapper json) {
        try {
            if (request.isGet()) {
                return FormData.single(FormData.parse(request.rawQuery()));
            }
            if (request.isForm()) {
                return FormData.single(FormData.parse(request.bodyText()));
            }
            JsonNode body = json.readTree(request.body());
            if (body == null || !body.isObject()) {
                return null;
            }
            Map<String, String> fields = new TreeMap<>();
            body.properties().forEach(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    fields.put(e.getKey(), e.getValue().asString());
                }
            });
            return fields;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code value} if it is 1..max printable ASCII characters, else null: ids and codes are never free text. */
    static String token(String value, int max) {
        return PrintableAscii.fits(value, max) ? value : null;
    }

    static String token(String value) {
        return token(value, MAX_LENGTH);
    }

    /** An RFC 3339 instant with an offset, else {@code fallback}: a provider's clock is informative, never required. */
    static Instant instant(String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeException e) {
            return fallback;
        }
    }
}
