package dev.smsworker.worker.providers.linkmobility;

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
 * Turns LINK's answer to {@code /sms/send} into a {@link SendResult}. Success is {@code 200} with
 * {@code {"messageId":"...","resultCode":1005,"description":"Queued"}}, or {@code 204} when no answer was
 * asked for. 400, 401 and 403 return an ErrorResponse whose shape the PDF does not spell out; the
 * result code is read from {@code resultCode}, else {@code errorCode}, else {@code status}.
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
            // Only premium (charged) messages carry a currency; the message asked for a wrong one.
            row(106202, MESSAGE_FATAL, "invalid or missing currency for a premium message"),
            row(106300, PROVIDER_FATAL, "no gates available (contact LINK support)"),
            row(106301, PROVIDER_FATAL, "specified delivery-report gate unavailable"));

    private final JsonMapper json;

    LinkMobilityClassifier(JsonMapper json) {
        this.json = json;
    }

    SendResult classify(int status, String body) {
        if (status == 200) {
            return new SendResult.Sent(NAME, text(body, "messageId"));
        }
        // 204 No Content: queued, but the id was not asked for (ignoreResponse=true).
        if (status == 204) {
            return new SendResult.Sent(NAME, null);
        }
        if (status == 429 || status >= 500) {
            return new SendResult.Retryable(NAME, String.valueOf(status), "LINK HTTP " + status);
        }
        Integer code = resultCode(body);
        var row = TABLE.find(code);
        if (row.isPresent()) {
            return TABLE.result(row.get());
        }
        // The PDF's status table: 401 "invalid login", 403 "no access". Every message would fail alike.
        if (status == 401 || status == 403) {
            return new SendResult.ProviderFatal(NAME, String.valueOf(status), "LINK HTTP " + status);
        }
        // 400 "invalid request" without a result code: the request itself is wrong, and stays wrong.
        if (status == 400 && code == null) {
            return new SendResult.MessageFatal(NAME, "400", "invalid request");
        }
        return UnknownCodes.retryable(NAME, status, code == null ? null : String.valueOf(code));
    }

    private Integer resultCode(String body) {
        for (String field : new String[]{"resultCode", "errorCode", "status"}) {
            String value = text(body, field);
            if (value != null && value.matches("\\d{1,9}")) {
                return Integer.valueOf(value);
            }
        }
        return null;
    }

    private String text(String body, String name) {
        try {
            JsonNode node = json.readTree(body).get(name);
            return node == null || node.isNull() ? null : node.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
