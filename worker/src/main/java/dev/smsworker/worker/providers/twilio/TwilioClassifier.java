package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.SendResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * Turns Twilio's answer to CreateMessage into a {@link SendResult}. Error bodies look like
 * {@code {"code": 21211, "message": "...", "more_info": "...", "status": 400}}.
 */
final class TwilioClassifier {

    static final String NAME = "twilio";

    /** Codes that no provider will get past: the recipient or the body is the problem. */
    private static final Map<Integer, String> MESSAGE_FATAL = Map.of(
            21211, "invalid 'To' number",
            21614, "'To' is not a mobile number",
            21635, "'To' is a landline",
            21610, "recipient unsubscribed (replied STOP)",
            21617, "body exceeds 1600 characters",
            21602, "body required");

    /** Codes that say this account or route can't send now; another provider may. */
    private static final Map<Integer, String> PROVIDER_FATAL = Map.of(
            20003, "authentication failed",
            20403, "account lacks permission",
            21408, "no permission for the destination region",
            21612, "sender and recipient cannot be connected",
            21606, "'From' is not a message-capable Twilio number",
            21659, "sender not valid for the destination country",
            21401, "invalid sender",
            21608, "trial account: recipient not verified");

    private final JsonMapper json;

    TwilioClassifier(JsonMapper json) {
        this.json = json;
    }

    SendResult classify(int status, String body) {
        if (status == 201 || status == 200) {
            return sent(body);
        }
        Integer code = errorCode(body);
        String shown = code != null ? String.valueOf(code) : String.valueOf(status);
        // 429 / 20429: the request was never processed and is always safe to retry (Twilio's words).
        if (status == 429 || status >= 500) {
            return new SendResult.Retryable(NAME, shown, "Twilio HTTP " + status);
        }
        // 21611: the sender's 10-hour queue is full. Another provider can send now.
        if (code != null && code == 21611) {
            return new SendResult.Retryable(NAME, shown, "sender queue full");
        }
        if (code != null && MESSAGE_FATAL.containsKey(code)) {
            return new SendResult.MessageFatal(NAME, shown, MESSAGE_FATAL.get(code));
        }
        if (code != null && PROVIDER_FATAL.containsKey(code)) {
            return new SendResult.ProviderFatal(NAME, shown, PROVIDER_FATAL.get(code));
        }
        // Credentials are wrong for every message when Twilio says 401/403 without a known code.
        if (status == 401 || status == 403) {
            return new SendResult.ProviderFatal(NAME, shown, "Twilio HTTP " + status);
        }
        // Unknown codes are retryable: a later attempt or another provider may get through, and the
        // log line marks them so the table can grow.
        return new SendResult.Retryable(NAME, shown, "unclassified Twilio error (HTTP " + status + ")");
    }

    private SendResult sent(String body) {
        String sid = field(body, "sid");
        return new SendResult.Sent(NAME, sid);
    }

    private Integer errorCode(String body) {
        String code = field(body, "code");
        if (code == null) {
            return null;
        }
        try {
            return Integer.valueOf(code);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String field(String body, String name) {
        try {
            JsonNode node = json.readTree(body).get(name);
            return node == null || node.isNull() ? null : node.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
