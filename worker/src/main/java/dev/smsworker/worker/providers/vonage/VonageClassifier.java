package dev.smsworker.worker.providers.vonage;

import dev.smsworker.worker.providers.CodeTable;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.UnknownCodes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.smsworker.contracts.ErrorClass.MESSAGE_FATAL;
import static dev.smsworker.contracts.ErrorClass.PROVIDER_FATAL;
import static dev.smsworker.contracts.ErrorClass.RETRYABLE;
import static dev.smsworker.worker.providers.CodeTable.row;

/**
 * Turns the SMS API's answer into a {@link SendResult}. Vonage answers HTTP 200 even for errors:
 * {@code {"message-count":"1","messages":[{"status":"2","error-text":"Missing to param"}]}}. A long
 * text is split into parts, one element each, and the SMS is sent only if every part's status is
 * {@code "0"}. Status codes: the spec's {@code x-errors} and provider-notes.md section 2.2.
 */
final class VonageClassifier {

    static final String NAME = "vonage";

    static final CodeTable<String> TABLE = CodeTable.of(NAME,
            // Sent faster than the account's limit (30 requests/s by default).
            row("1", RETRYABLE, "throttled"),
            // A required parameter is missing: our request is wrong, so retrying changes nothing.
            row("2", MESSAGE_FATAL, "missing parameters"),
            row("3", MESSAGE_FATAL, "invalid parameters"),
            row("4", PROVIDER_FATAL, "invalid credentials"),
            row("5", RETRYABLE, "internal error at Vonage"),
            // For example a number prefix Vonage does not recognise.
            row("6", MESSAGE_FATAL, "invalid message"),
            row("7", MESSAGE_FATAL, "number barred"),
            row("8", PROVIDER_FATAL, "account suspended"),
            row("9", PROVIDER_FATAL, "out of credit (partner quota violation)"),
            row("10", RETRYABLE, "too many simultaneous connections"),
            row("11", PROVIDER_FATAL, "account not enabled for the HTTP API"),
            row("12", MESSAGE_FATAL, "message too long"),
            row("14", PROVIDER_FATAL, "invalid signature"),
            // Not authorised sender id; message-fatal instead when the publisher chose the sender.
            row("15", PROVIDER_FATAL, "sender id not authorised"),
            row("22", MESSAGE_FATAL, "invalid network code"),
            row("23", PROVIDER_FATAL, "invalid callback URL"),
            // Demo account: only whitelisted numbers receive.
            row("29", PROVIDER_FATAL, "destination not whitelisted (demo account)"),
            row("32", PROVIDER_FATAL, "signature and API secret both sent"),
            row("33", MESSAGE_FATAL, "number de-activated"));

    private static final String SENDER_CODE = "15";

    private final JsonMapper json;

    VonageClassifier(JsonMapper json) {
        this.json = json;
    }

    SendResult classify(int status, String body, boolean senderFromMessage) {
        // Vonage's errors come as HTTP 200; anything else is its infrastructure, not a verdict on the SMS.
        if (status != 200) {
            return status == 429 || status >= 500
                    ? new SendResult.Retryable(NAME, String.valueOf(status), "Vonage HTTP " + status)
                    : UnknownCodes.retryable(NAME, status, null);
        }
        JsonNode parts = parts(body);
        if (parts == null || parts.isEmpty()) {
            // A 200 without parts was never seen; it may have been sent, and only a later attempt may tell.
            return UnknownCodes.retryable(NAME, status, "no-messages");
        }
        int accepted = 0;
        JsonNode rejected = null;
        for (JsonNode part : parts) {
            if ("0".equals(text(part, "status"))) {
                accepted++;
            } else if (rejected == null) {
                rejected = part;
            }
        }
        if (rejected == null) {
            return new SendResult.Sent(NAME, text(parts.get(0), "message-id"));
        }
        return failed(text(rejected, "status"), senderFromMessage, accepted, parts.size());
    }

    private SendResult failed(String code, boolean senderFromMessage, int accepted, int total) {
        // Some parts were accepted: a retry resends those parts too. Rare, and said in the reason.
        String partial = accepted > 0 ? " (" + accepted + " of " + total + " parts accepted)" : "";
        if (SENDER_CODE.equals(code) && senderFromMessage) {
            return new SendResult.MessageFatal(NAME, code, "sender chosen by the publisher is not authorised" + partial);
        }
        var row = TABLE.find(code);
        if (row.isEmpty()) {
            return UnknownCodes.retryable(NAME, 200, code == null ? "no-status" : code);
        }
        SendResult.Failed result = TABLE.result(row.get());
        if (partial.isEmpty()) {
            return result;
        }
        return switch (result) {
            case SendResult.Retryable r -> new SendResult.Retryable(NAME, r.code(), r.reason() + partial);
            case SendResult.ProviderFatal p -> new SendResult.ProviderFatal(NAME, p.code(), p.reason() + partial);
            case SendResult.MessageFatal m -> new SendResult.MessageFatal(NAME, m.code(), m.reason() + partial);
        };
    }

    private JsonNode parts(String body) {
        try {
            JsonNode messages = json.readTree(body).get("messages");
            return messages != null && messages.isArray() ? messages : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
