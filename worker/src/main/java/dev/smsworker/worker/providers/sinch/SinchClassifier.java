package dev.smsworker.worker.providers.sinch;

import dev.smsworker.worker.providers.CodeTable;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.UnknownCodes;
import dev.smsworker.worker.providers.http.ErrorBodies;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.SuccessAnswers;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.smsworker.worker.providers.CodeTable.Verdict.MESSAGE_FATAL;
import static dev.smsworker.worker.providers.CodeTable.Verdict.PROVIDER_FATAL;
import static dev.smsworker.worker.providers.CodeTable.row;

/**
 * Turns Sinch's answer to "send a batch" into a {@link SendResult}. Success is {@code 201} (Sinch's status
 * page: "200 or 201") with the batch {@code id}; 400 and 403 carry {@code {"code":"...","text":"..."}}, and
 * Sinch's newer gateway wraps errors as {@code {"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT"}}}.
 * Table: Sinch's status-codes reference (developers.sinch.com/docs/sms/api-reference/status-codes), its
 * community article "Common SMS HTTP Statuses and Codes Explained" for the 403 codes, provider-notes.md 2.3.
 */
final class SinchClassifier {

    static final String NAME = "sinch";

    static final CodeTable<String> TABLE = CodeTable.of(NAME,
            // Our request's JSON is built by us: if Sinch can't read it, no message will do better here.
            row("syntax_invalid_json", PROVIDER_FATAL, "request is not valid JSON for the API"),
            // 400s naming a field: which field decides whose fault it is (see parameterFault); these rows
            // hold when the text names none we know.
            row("syntax_invalid_parameter_format", PROVIDER_FATAL, "a field of our request has an invalid format"),
            row("syntax_constraint_violation", PROVIDER_FATAL, "our request breaks a constraint of the API"),
            // 403s: a valid request that this account or service plan can't perform.
            row("unknown_group", PROVIDER_FATAL, "recipient group unknown to this service plan"),
            row("unknown_campaign", PROVIDER_FATAL, "campaign unknown to this service plan"),
            row("missing_callback_url", PROVIDER_FATAL, "service plan requires a callback URL"),
            row("blocked_account", PROVIDER_FATAL, "account blocked"),
            // "Illegal phone number type of MSISDN for a chosen region was used. Send to a different MSISDN."
            row("illegal_number_type", MESSAGE_FATAL, "recipient's number type not allowed for the region"));

    /** The field Sinch names in a 400's text: "The format of parameter 'to[0]' is invalid; ...". */
    private static final Pattern PARAMETER = Pattern.compile("parameter '([A-Za-z_]+)");

    /** Codes whose text names the field at fault. */
    private static final Set<String> FIELD_CODES = Set.of("syntax_invalid_parameter_format", "syntax_constraint_violation");

    private static final Set<Integer> SUCCESS = Set.of(200, 201);

    private final JsonMapper json;

    SinchClassifier(JsonMapper json) {
        this.json = json;
    }

    /** @param senderFromMessage true when the publisher chose the sender ({@code from} in the request) */
    SendResult classify(HttpExchange.Reply reply, boolean senderFromMessage) {
        if (reply.successful()) {
            return SuccessAnswers.sent(NAME, reply, SUCCESS, json, body -> body.get("id"));
        }
        int status = reply.status();
        String code = ErrorBodies.field(json, reply.body(), "code", "status");
        // 429 "too many outstanding requests" and 5xx: the batch was not created; later or elsewhere may work.
        if (status == 429 || status >= 500) {
            return new SendResult.Retryable(NAME, code != null ? UnknownCodes.safe(code) : String.valueOf(status), "Sinch HTTP " + status);
        }
        // A web page is not Sinch's error body: something in front answered, about the path, not the SMS.
        if (reply.isMarkup()) {
            return new SendResult.Retryable(NAME, String.valueOf(status), "Sinch HTTP " + status + " as a web page: something in front of Sinch answered");
        }
        // The token is not valid for this service plan: every message would fail the same way.
        if (status == 401) {
            return new SendResult.ProviderFatal(NAME, "401", "API token not valid for the service plan");
        }
        // A wrong service plan id or region answers 404; wrong method or content type 405/415: our setup.
        if (status == 404 || status == 405 || status == 415) {
            return new SendResult.ProviderFatal(NAME, String.valueOf(status), "Sinch HTTP " + status + ": check region and service plan");
        }
        if (code != null && FIELD_CODES.contains(code)) {
            SendResult.Failed byField = parameterFault(code, ErrorBodies.field(json, reply.body(), "text", "message"), senderFromMessage);
            if (byField != null) {
                return byField;
            }
        }
        var row = TABLE.find(code);
        if (row.isPresent()) {
            return TABLE.result(row.get());
        }
        // 403 without a code we know: forbidden is about the account, never about one message.
        if (status == 403) {
            return new SendResult.ProviderFatal(NAME, code != null ? UnknownCodes.safe(code) : "403", "Sinch HTTP 403: not allowed for this account");
        }
        return UnknownCodes.retryable(NAME, status, code);
    }

    /**
     * The message's fault only when the field at fault came from the message: the recipient, the body, or a
     * sender its publisher chose. A sender we configured (or the service plan's default originator, when we
     * sent none) and every other field are our request: provider-fatal. Null when the text names no field.
     */
    private static SendResult.Failed parameterFault(String code, String text, boolean senderFromMessage) {
        Matcher field = text == null ? null : PARAMETER.matcher(text);
        if (field == null || !field.find()) {
            return null;
        }
        return switch (field.group(1)) {
            case "to", "body" -> new SendResult.MessageFatal(NAME, code, "Sinch rejected the message's '" + field.group(1) + "'");
            case "from" -> senderFromMessage
                    ? new SendResult.MessageFatal(NAME, code, "sender chosen by the publisher is not valid here")
                    : new SendResult.ProviderFatal(NAME, code, "Sinch rejected our configured sender (or the plan's default)");
            default -> new SendResult.ProviderFatal(NAME, code, "Sinch rejected a field of our request");
        };
    }
}
