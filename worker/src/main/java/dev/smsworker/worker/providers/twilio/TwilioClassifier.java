package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.CodeTable;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.UnknownCodes;
import dev.smsworker.worker.providers.http.ErrorBodies;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.SuccessAnswers;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;

import static dev.smsworker.worker.providers.CodeTable.Verdict.MESSAGE_FATAL;
import static dev.smsworker.worker.providers.CodeTable.Verdict.PROVIDER_FATAL;
import static dev.smsworker.worker.providers.CodeTable.Verdict.RETRYABLE;
import static dev.smsworker.worker.providers.CodeTable.row;

/**
 * Turns Twilio's answer to CreateMessage into a {@link SendResult}. Error bodies look like
 * {@code {"code": 21211, "message": "...", "more_info": "...", "status": 400}}; the table follows
 * provider-notes.md section 2.1 (sync rows). Success is 200/201 with a JSON Message resource and its {@code sid};
 * see {@link SuccessAnswers} for every 2xx that is less than that.
 */
final class TwilioClassifier {

    static final String NAME = "twilio";

    static final CodeTable<Integer> TABLE = CodeTable.of(NAME,
            // The recipient or the body is the problem: no provider will get past these.
            row(21211, MESSAGE_FATAL, "invalid 'To' number"),
            row(21614, MESSAGE_FATAL, "'To' is not a mobile number"),
            row(21635, MESSAGE_FATAL, "'To' is a landline"),
            // The recipient replied STOP to this sender: routing around an opt-out is not allowed.
            row(21610, MESSAGE_FATAL, "recipient unsubscribed (replied STOP)"),
            row(21617, MESSAGE_FATAL, "body exceeds 1600 characters"),
            row(21602, MESSAGE_FATAL, "body required"),
            // This account or route can't send now; another provider may.
            row(20003, PROVIDER_FATAL, "authentication failed"),
            row(20403, PROVIDER_FATAL, "account lacks permission (suspended or closed)"),
            row(21408, PROVIDER_FATAL, "no permission for the destination region (geo permissions)"),
            row(21612, PROVIDER_FATAL, "sender and recipient cannot be connected"),
            row(21608, PROVIDER_FATAL, "trial account: recipient not verified"),
            row(21606, PROVIDER_FATAL, "'From' is not a message-capable Twilio number"),
            row(21659, PROVIDER_FATAL, "sender not valid for the destination country"),
            row(21401, PROVIDER_FATAL, "invalid sender"),
            row(21212, PROVIDER_FATAL, "invalid 'From' number"),
            // Our request had neither From nor MessagingServiceSid, or a service id Twilio does not know:
            // our configuration, whatever the message (twilio.com/docs/errors/21603, /21705).
            row(21603, PROVIDER_FATAL, "'From' or 'MessagingServiceSid' required"),
            row(21705, PROVIDER_FATAL, "messaging service invalid"),
            // The account in the URL does not exist: our account-sid (twilio.com/docs/errors/20404).
            row(20404, PROVIDER_FATAL, "resource not found (account sid)"),
            // The sender's 10-hour queue is full. Another provider can send now.
            row(21611, RETRYABLE, "sender queue full"),
            // Concurrency limit: the request was never processed and is always safe to retry (Twilio's words).
            row(20429, RETRYABLE, "too many concurrent requests"));

    /** Sender codes: our configuration when we chose the sender, the message's fault when its publisher did. */
    private static final Set<Integer> SENDER_CODES = Set.of(21606, 21659, 21401, 21212);

    /** CreateMessage documents 201; 200 is what its Message resource answers elsewhere, and was always taken. */
    private static final Set<Integer> SUCCESS = Set.of(200, 201);

    private final JsonMapper json;

    TwilioClassifier(JsonMapper json) {
        this.json = json;
    }

    /** @param senderFromMessage true when the publisher chose the sender ({@code from} in the request) */
    SendResult classify(HttpExchange.Reply reply, boolean senderFromMessage) {
        if (reply.successful()) {
            return SuccessAnswers.sent(NAME, reply, SUCCESS, json, body -> body.get("sid"));
        }
        int status = reply.status();
        Integer code = errorCode(reply.body());
        String shown = code != null ? String.valueOf(code) : String.valueOf(status);
        // 429 and 5xx: Twilio did not process the request; another provider or a later attempt may.
        if (status == 429 || status >= 500) {
            return new SendResult.Retryable(NAME, shown, "Twilio HTTP " + status);
        }
        // A web page is not Twilio's error body: a proxy or ingress in front answered, about the path, not the SMS.
        if (reply.isMarkup()) {
            return new SendResult.Retryable(NAME, String.valueOf(status), "Twilio HTTP " + status + " as a web page: something in front of Twilio answered");
        }
        if (code != null && senderFromMessage && SENDER_CODES.contains(code)) {
            return new SendResult.MessageFatal(NAME, shown, "sender chosen by the publisher is not valid here");
        }
        var row = TABLE.find(code);
        if (row.isPresent()) {
            return TABLE.result(row.get());
        }
        // Credentials are wrong for every message when Twilio says 401/403 without a known code.
        if (status == 401 || status == 403) {
            return new SendResult.ProviderFatal(NAME, shown, "Twilio HTTP " + status);
        }
        return UnknownCodes.retryable(NAME, status, code == null ? null : shown);
    }

    private Integer errorCode(String body) {
        String code = ErrorBodies.field(json, body, "code");
        if (code == null) {
            return null;
        }
        try {
            return Integer.valueOf(code);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
