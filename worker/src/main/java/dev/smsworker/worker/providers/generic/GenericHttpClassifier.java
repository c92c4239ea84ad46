package dev.smsworker.worker.providers.generic;

import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.UnknownCodes;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic provider speaks plain HTTP, so its table is HTTP statuses: 2xx sent; 401/403 our
 * credentials (provider-fatal); 408/429 retryable; other 4xx the message (message-fatal); 5xx retryable.
 */
final class GenericHttpClassifier {

    static final String NAME = "http";

    private final JsonMapper json;
    private final JsonPointer providerId;

    GenericHttpClassifier(JsonMapper json, String providerIdField) {
        this.json = json;
        this.providerId = JsonPointer.compile("/" + providerIdField.replace(".", "/"));
    }

    SendResult classify(int status, String body) {
        String code = String.valueOf(status);
        if (status >= 200 && status < 300) {
            return new SendResult.Sent(NAME, providerId(body));
        }
        // The endpoint refuses our credentials: every message would fail alike.
        if (status == 401 || status == 403) {
            return new SendResult.ProviderFatal(NAME, code, "HTTP " + status + ": credentials refused");
        }
        // Request timeout and rate limiting: nothing was done, a later attempt may pass.
        if (status == 408 || status == 429) {
            return new SendResult.Retryable(NAME, code, "HTTP " + status);
        }
        // Any other 4xx: the endpoint judged this message and will judge it the same way again.
        if (status >= 400 && status < 500) {
            return new SendResult.MessageFatal(NAME, code, "HTTP " + status + ": request rejected");
        }
        if (status >= 500) {
            return new SendResult.Retryable(NAME, code, "HTTP " + status);
        }
        // 1xx and 3xx (redirects are not followed: a re-POST is a second SMS).
        return UnknownCodes.retryable(NAME, status, null);
    }

    private String providerId(String body) {
        try {
            JsonNode node = json.readTree(body).at(providerId);
            return node.isMissingNode() || node.isNull() || node.isContainer() ? null : node.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
