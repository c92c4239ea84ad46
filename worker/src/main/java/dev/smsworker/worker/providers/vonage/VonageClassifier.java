package dev.smsworker.worker.providers.vonage;

import dev.smsworker.worker.providers.CodeTable;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.UnknownCodes;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.SuccessAnswers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.smsworker.worker.providers.CodeTable.Verdict.MESSAGE_FATAL;
import static dev.smsworker.worker.providers.CodeTable.Verdict.PROVIDER_FATAL;
import static dev.smsworker.worker.providers.CodeTable.Verdict.RETRYABLE;
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
            // "Your request is missing one of the required parameters from, to, api_key, api_secret or text":
            // we always send all five, so a missing one is an empty configured value, never the message.
            row("2", PROVIDER_FATAL, "missing parameters"),
            // "The value of one or more parameters is invalid": the message's fault only when error-text names
            // its recipient or text (see parameterFault); otherwise it is our request.
            row("3", PROVIDER_FATAL, "invalid parameters"),
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
    private static final String INVALID_PARAMETERS = "3";
    /**
     * The parameter error-text names, in the forms Vonage writes ("Invalid to param", "Missing from param",
     * "Invalid parameter: text"), or its destination address. Anchored on "param" so that a plain "to" in a
     * sentence is not read as the recipient.
     */
    private static final Pattern PARAMETER = Pattern.compile(
            "\\b(to|from|text)\\s+param|\\bparam(?:eter)?s?\\s*:?\\s*'?(to|from|text)\\b|\\b(destination) address",
            Pattern.CASE_INSENSITIVE);

    /** The SMS API answers every send with 200 (errors included); nothing else is its answer. */
    private static final Set<Integer> SUCCESS = Set.of(200);

    private final JsonMapper json;

    VonageClassifier(JsonMapper json) {
        this.json = json;
    }

    SendResult classify(HttpExchange.Reply reply, boolean senderFromMessage) {
        int status = reply.status();
        // Vonage's errors come as HTTP 200; any other status is its infrastructure (or something in front of
        // it), not a verdict on the SMS: retryable, so the router fails over.
        if (status != 200) {
            if (reply.isMarkup() || status == 429 || status >= 500) {
                return new SendResult.Retryable(NAME, String.valueOf(status), "Vonage HTTP " + status);
            }
            return UnknownCodes.retryable(NAME, status, null);
        }
        JsonNode parts;
        switch (SuccessAnswers.read(NAME, reply, SUCCESS, json)) {
            case SuccessAnswers.Read.NotTheProvider notTheProvider -> {
                return notTheProvider.failure();
            }
            case SuccessAnswers.Read.Ambiguous ambiguous -> {
                return SendResult.Sent.ambiguous(NAME, null, ambiguous.reason());
            }
            case SuccessAnswers.Read.Json answer -> parts = parts(answer.body());
        }
        if (parts == null || parts.isEmpty()) {
            // Vonage's 200 without parts: it may have accepted the SMS, and its answer can't tell.
            return SendResult.Sent.ambiguous(NAME, null, "no-messages");
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
            String id = SuccessAnswers.id(parts.get(0).get("message-id"));
            return id != null ? new SendResult.Sent(NAME, id) : SendResult.Sent.ambiguous(NAME, null, "no-message-id");
        }
        return failed(text(rejected, "status"), text(rejected, "error-text"), senderFromMessage, accepted, parts.size());
    }

    private SendResult failed(String code, String errorText, boolean senderFromMessage, int accepted, int total) {
        // Some parts were accepted: a retry resends those parts too. Rare, and said in the reason.
        String partial = accepted > 0 ? " (" + accepted + " of " + total + " parts accepted)" : "";
        if (SENDER_CODE.equals(code) && senderFromMessage) {
            return new SendResult.MessageFatal(NAME, code, "sender chosen by the publisher is not authorised" + partial);
        }
        if (INVALID_PARAMETERS.equals(code) && namesTheMessage(errorText, senderFromMessage)) {
            return new SendResult.MessageFatal(NAME, code, "Vonage rejected a value the message chose" + partial);
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

    /** The recipient, the text, or a sender the publisher chose: fields the message decides. */
    private static boolean namesTheMessage(String errorText, boolean senderFromMessage) {
        Matcher parameter = errorText == null ? null : PARAMETER.matcher(errorText);
        if (parameter == null || !parameter.find()) {
            return false;
        }
        String name = parameter.group(1) != null ? parameter.group(1) : parameter.group(2) != null ? parameter.group(2) : "to";
        name = name.toLowerCase(Locale.ROOT);
        return name.equals("to") || name.equals("text") || (name.equals("from") && senderFromMessage);
    }

    private static JsonNode parts(JsonNode body) {
        JsonNode messages = body.get("messages");
        return messages != null && messages.isArray() ? messages : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
