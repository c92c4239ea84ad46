package dev.smsworker.ops.events;

import dev.smsworker.ops.console.TerminalText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One status event as one line. Events come from whoever may publish to {@code sms.events}: every value
 * is escaped ({@link TerminalText}), and a body that is not a JSON object is shown, cut and escaped, as such.
 *
 * @param routingKey the event's routing key (sent, retrying, failed)
 * @param event      the parsed JSON object, or null when the body is not one
 * @param raw        the body as text (UTF-8), for what could not be parsed
 */
record EventLine(String routingKey, JsonNode event, String raw) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The fields of an SmsEvent worth a glance, in reading order; others are left to --json. */
    private static final List<String> FIELDS = List.of("messageId", "correlationId", "kind", "attempt", "provider",
            "providerMessageId", "errorClass", "errorCode");

    static EventLine of(String routingKey, byte[] body) {
        String raw = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode event = JSON.readTree(body);
            return new EventLine(routingKey, event != null && event.isObject() ? event : null, raw);
        } catch (JacksonException e) {
            return new EventLine(routingKey, null, raw);
        }
    }

    /** A field's text, or null when absent or not a scalar. */
    String field(String name) {
        JsonNode value = event == null ? null : event.get(name);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }

    /** {@code <at> <type> messageId=... correlationId=... ...}, absent fields left out. */
    String text() {
        if (event == null) {
            return TerminalText.token(routingKey) + " (not a JSON event) " + TerminalText.token(raw);
        }
        StringBuilder line = new StringBuilder();
        line.append(field("at") == null ? "-" : TerminalText.token(field("at")));
        line.append(' ').append(TerminalText.token(field("type") == null ? routingKey : field("type")));
        for (String name : FIELDS) {
            String value = field(name);
            if (value != null) {
                line.append(' ').append(name).append('=').append(TerminalText.token(value));
            }
        }
        return line.toString();
    }

    /** The event re-serialised compactly (one line; JSON escapes control characters), or the escaped raw body. */
    String json() {
        return event == null ? TerminalText.token(raw) : JSON.writeValueAsString(event);
    }
}
