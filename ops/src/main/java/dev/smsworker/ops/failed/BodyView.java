package dev.smsworker.ops.failed;

import dev.smsworker.contracts.PhoneMask;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** A message body for people: the recipient masked, the SMS text hidden unless asked for. */
final class BodyView {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BodyView() {
    }

    static String render(byte[] body, boolean showBody) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            node = null;
        }
        if (!(node instanceof ObjectNode object)) {
            // Not a request: it may hold anything, numbers included, so only on request.
            return showBody ? new String(body, StandardCharsets.UTF_8) : "<" + body.length + " bytes, not a JSON object; --show-body prints them>";
        }
        if (object.get("to") != null && object.get("to").isString()) {
            object.put("to", PhoneMask.mask(object.get("to").asString()));
        }
        if (!showBody && object.get("body") != null) {
            JsonNode text = object.get("body");
            object.put("body", "<" + (text.isString() ? text.asString().length() + " chars" : "not text") + " hidden; --show-body prints it>");
        }
        return JSON.writeValueAsString(object);
    }
}
