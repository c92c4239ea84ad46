package dev.smsworker.worker.providers.sinch;

import dev.smsworker.worker.providers.CodeTable;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.UnknownCodes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.smsworker.contracts.ErrorClass.MESSAGE_FATAL;
import static dev.smsworker.contracts.ErrorClass.PROVIDER_FATAL;
import static dev.smsworker.worker.providers.CodeTable.row;

/**
 * Turns Sinch's answer to "send a batch" into a {@link SendResult}. Success is {@code 201} with the batch
 * {@code id}; 400 and 403 carry {@code {"code":"syntax_invalid_parameter_format","text":"..."}}.
 * Table: Sinch's status-codes reference and provider-notes.md section 2.3.
 */
final class SinchClassifier {

    static final String NAME = "sinch";

    static final CodeTable<String> TABLE = CodeTable.of(NAME,
            // 400s: the request does not follow the API; the same request fails on every attempt.
            row("syntax_invalid_json", MESSAGE_FATAL, "request is not valid JSON for the API"),
            row("syntax_invalid_parameter_format", MESSAGE_FATAL, "a field has an invalid format (e.g. the number)"),
            row("syntax_constraint_violation", MESSAGE_FATAL, "a field breaks a constraint (e.g. body too long)"),
            // 403s: valid request that this service plan's configuration can't perform.
            row("unknown_group", PROVIDER_FATAL, "recipient group unknown to this service plan"),
            row("unknown_campaign", PROVIDER_FATAL, "campaign unknown to this service plan"),
            row("missing_callback_url", PROVIDER_FATAL, "service plan requires a callback URL"));

    private final JsonMapper json;

    SinchClassifier(JsonMapper json) {
        this.json = json;
    }

    SendResult classify(int status, String body) {
        if (status == 201 || status == 200) {
            return new SendResult.Sent(NAME, field(body, "id"));
        }
        String code = field(body, "code");
        // 429 "too many outstanding requests" and 5xx: the batch was not created; later or elsewhere may work.
        if (status == 429 || status >= 500) {
            return new SendResult.Retryable(NAME, code != null ? code : String.valueOf(status), "Sinch HTTP " + status);
        }
        // The token is not valid for this service plan: every message would fail the same way.
        if (status == 401) {
            return new SendResult.ProviderFatal(NAME, "401", "API token not valid for the service plan");
        }
        // A wrong service plan id or region answers 404; wrong method or content type 405/415: our setup.
        if (status == 404 || status == 405 || status == 415) {
            return new SendResult.ProviderFatal(NAME, String.valueOf(status), "Sinch HTTP " + status + ": check region and service plan");
        }
        var row = TABLE.find(code);
        if (row.isPresent()) {
            return TABLE.result(row.get());
        }
        return UnknownCodes.retryable(NAME, status, code);
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
