package dev.smsworker.ops.failed;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.Rfc3339;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

/**
 * What ops needs from a failed message's body, read leniently: bodies in the failed queue are there
 * partly because they break the contract, so any field may be missing or wrong.
 *
 * @param readable  whether the body is a JSON object at all
 * @param kind      the kind named in the body; null when absent, unknown or unreadable (the lane decides then:
 *                  {@link FailedMessage#kind()})
 * @param expiresAt null when absent or not an instant
 */
public record RequestView(boolean readable, String messageId, String to, Kind kind, Instant expiresAt, String text) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static RequestView of(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            return unreadable();
        }
        if (node == null || !node.isObject()) {
            return unreadable();
        }
        return new RequestView(true, string(node, "messageId"), string(node, "to"), kind(node), instant(node), string(node, "body"));
    }

    private static RequestView unreadable() {
        return new RequestView(false, null, null, null, null, null);
    }

    private static Kind kind(JsonNode node) {
        JsonNode kind = node.get("kind");
        if (kind == null || !kind.isString()) {
            return null;
        }
        try {
            return Kind.fromWireName(kind.asString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The contract's rule ({@link Rfc3339}), as the worker reads it: a number is no instant. */
    private static Instant instant(JsonNode node) {
        return Rfc3339.parse(string(node, "expiresAt")).orElse(null);
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
