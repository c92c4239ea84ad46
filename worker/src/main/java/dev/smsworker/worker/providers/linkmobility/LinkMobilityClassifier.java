package dev.smsworker.worker.providers.linkmobility;

import dev.smsworker.worker.providers.CodeTable;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.UnknownCodes;
import dev.smsworker.worker.providers.http.ErrorBodies;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.SuccessAnswers;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.smsworker.worker.providers.CodeTable.Verdict.PROVIDER_FATAL;
import static dev.smsworker.worker.providers.CodeTable.Verdict.RETRYABLE;
import static dev.smsworker.worker.providers.CodeTable.row;

/**
 * Turns LINK's answer to {@code /sms/send} into a {@link SendResult}. Success is {@code 200} with
 * {@code {"messageId":"...","resultCode":1005,"description":"Queued"}}; {@code 204} only comes when no answer
 * was asked for, which we never do, so it is recorded as sent with an unknown id. 400, 401 and 403 return an
 * ErrorResponse whose shape the PDF does not spell out (see {@link #resultCode}).
 * Table: "Error Result Codes" in the PDF and provider-notes.md section 2.5.
 */
final class LinkMobilityClassifier {

    static final String NAME = "linkmobility";

    static final CodeTable<Integer> TABLE = CodeTable.of(NAME,
            // LINK asks to contact support with the transaction; nothing says it is permanent.
            row(106000, RETRYABLE, "unknown error at LINK"),
            row(106100, PROVIDER_FATAL, "invalid authentication (username or password)"),
            row(106101, PROVIDER_FATAL, "access denied"),
            row(106200, PROVIDER_FATAL, "invalid or missing platformId"),
            row(106201, PROVIDER_FATAL, "invalid or missing platformPartnerId"),
            // Only premium (charged) messages carry a price and currency. Our requests never do, so LINK asking
            // for one means the platform ids point at a premium set-up: our configuration, not the message.
            row(106202, PROVIDER_FATAL, "invalid or missing currency for a premium message (platform set-up)"),
            row(106300, PROVIDER_FATAL, "no gates available (contact LINK support)"),
            row(106301, PROVIDER_FATAL, "specified delivery-report gate unavailable"));

    /** 200 with a SendResponse; 204 only when ignoreResponse=true, which we never send (so it is id-less, ambiguous). */
    private static final Set<Integer> SUCCESS = Set.of(200, 204);

    /** Our request's fields, as an ErrorResponse's description may name them. */
    private static final Pattern FIELD = Pattern.compile(
            "\\b(destination|userData|source|sourceTON|platformId|platformPartnerId|refId|deliveryReportGates|dcs)\\b",
            Pattern.CASE_INSENSITIVE);

    private final JsonMapper json;

    LinkMobilityClassifier(JsonMapper json) {
        this.json = json;
    }

    /** @param senderFromMessage true when the publisher chose the sender ({@code source} in the request) */
    SendResult classify(HttpExchange.Reply reply, boolean senderFromMessage) {
        if (reply.successful()) {
            return SuccessAnswers.sent(NAME, reply, SUCCESS, json, body -> body.get("messageId"));
        }
        int status = reply.status();
        if (status == 429 || status >= 500) {
            return new SendResult.Retryable(NAME, String.valueOf(status), "LINK HTTP " + status);
        }
        // A web page is not LINK's ErrorResponse: something in front answered, about the path, not the SMS.
        if (reply.isMarkup()) {
            return new SendResult.Retryable(NAME, String.valueOf(status), "LINK HTTP " + status + " as a web page: something in front of LINK answered");
        }
        Integer code = resultCode(reply.body(), status);
        var row = TABLE.find(code);
        if (row.isPresent()) {
            return TABLE.result(row.get());
        }
        // The PDF's status table: 401 "invalid login", 403 "no access". Every message would fail alike.
        if (status == 401 || status == 403) {
            return new SendResult.ProviderFatal(NAME, String.valueOf(status), "LINK HTTP " + status);
        }
        // 400 "invalid request" without a result code: whose fault depends on the field it names.
        if (status == 400 && code == null) {
            return invalidRequest(ErrorBodies.field(json, reply.body(), "description", "translatedDescription", "message"),
                    senderFromMessage);
        }
        return UnknownCodes.retryable(NAME, status, code == null ? null : String.valueOf(code));
    }

    /**
     * The PDF documents 400 only as "invalid request", so it is the message's fault only when the description
     * names a field the message decides: the destination, the text, or a source its publisher chose. Anything
     * else (our configured source, platform ids, gates, or no field at all) is our request: provider-fatal.
     */
    private static SendResult.Failed invalidRequest(String description, boolean senderFromMessage) {
        Matcher field = description == null ? null : FIELD.matcher(description);
        String name = field != null && field.find() ? field.group(1).toLowerCase(Locale.ROOT) : "";
        boolean messageField = name.equals("destination") || name.equals("userdata")
                || (name.startsWith("source") && senderFromMessage);
        return messageField
                ? new SendResult.MessageFatal(NAME, "400", "invalid request: the message's " + name)
                : new SendResult.ProviderFatal(NAME, "400", "invalid request" + (name.isEmpty() ? "" : ": our " + name));
    }

    /**
     * The ErrorResponse's shape is not in the PDF; seen are {@code resultCode}, {@code errorCode} and
     * {@code status} (a third-party client's {@code {status, description, translatedDescription}}), at the top
     * or wrapped. A {@code status} that only repeats the HTTP status is not a result code.
     */
    private Integer resultCode(String body, int httpStatus) {
        for (String field : new String[]{"resultCode", "errorCode", "status"}) {
            String value = ErrorBodies.field(json, body, field);
            if (value != null && value.matches("\\d{1,9}") && Integer.parseInt(value) != httpStatus) {
                return Integer.valueOf(value);
            }
        }
        return null;
    }
}
