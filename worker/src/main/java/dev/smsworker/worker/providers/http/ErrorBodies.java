package dev.smsworker.worker.providers.http;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a field of a provider's error body, whichever of the shapes seen in the field it comes in: at the top
 * ({@code {"code":..., "text":...}}), wrapped ({@code {"error":{"code":..., "message":...}}}, Sinch's newer
 * gateway), or as the first of a list ({@code {"errors":[{...}]}} or {@code [{...}]}). Never throws: a body
 * that is not JSON has no fields.
 */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    /** The first of {@code names} that holds a scalar, looked up in each shape in turn; null if none does. */
    public static String field(JsonMapper json, String body, String... names) {
        JsonNode root = parse(json, body);
        if (root == null) {
            return null;
        }
        for (JsonNode candidate : new JsonNode[]{root, root.get("error"), first(root.get("errors")), first(root)}) {
            String value = scalar(candidate, names);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String scalar(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isValueNode() && !value.isNull() && !value.asString().isBlank()) {
                return value.asString();
            }
        }
        return null;
    }

    private static JsonNode first(JsonNode node) {
        return node != null && node.isArray() && !node.isEmpty() ? node.get(0) : null;
    }

    private static JsonNode parse(JsonMapper json, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
