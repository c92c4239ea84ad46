package dev.smsworker.worker.providers.generic;

import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.UnknownCodes;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.SuccessAnswers;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;

/**
 * The generic provider speaks plain HTTP, so its table is HTTP statuses, and the contract is ours
 * (docs/providers.md, "Generic HTTP"): 2xx with a JSON body (or 204) is sent; 400 or 422 <em>with a JSON
 * body</em> is the endpoint's verdict on this message (message-fatal); 401/403 our credentials and any other
 * 4xx (404, 405, 410, ...) the path or our request, not the message (provider-fatal); 408/429/5xx and web
 * pages from something in front (an ingress's "default backend - 404") retryable.
 */
final class GenericHttpClassifier {

    static final String NAME = "http";

    private final JsonMapper json;
    private final JsonPointer providerId;

    GenericHttpClassifier(JsonMapper json, String providerIdField) {
        this.json = json;
        this.providerId = JsonPointer.compile("/" + providerIdField.replace(".", "/"));
    }

    SendResult classify(HttpExchange.Reply reply) {
        int status = reply.status();
        String code = String.valueOf(status);
        if (reply.successful()) {
            return sent(reply);
        }
        // A web page (HTML, XML) is not the endpoint's answer but that of something in front of it: an
        // ingress without a route, a load balancer, a proxy. The path is the problem, and it may come back.
        if (reply.isMarkup()) {
            return new SendResult.Retryable(NAME, code, "HTTP " + status + " as a web page: something in front of the endpoint answered");
        }
        // The endpoint refuses our credentials: every message would fail alike.
        if (status == 401 || status == 403) {
            return new SendResult.ProviderFatal(NAME, code, "HTTP " + status + ": credentials refused");
        }
        // Request timeout and rate limiting: nothing was done, a later attempt may pass.
        if (status == 408 || status == 429 || status >= 500) {
            return new SendResult.Retryable(NAME, code, "HTTP " + status);
        }
        // The only message-level verdict of the contract: the endpoint read our JSON and judged this message.
        if ((status == 400 || status == 422) && isJsonObject(reply)) {
            return new SendResult.MessageFatal(NAME, code, "HTTP " + status + ": the endpoint rejected this message");
        }
        // 404, 405, 410, 415, a 400 without a JSON verdict, ...: about the path or our request, not this message.
        if (status >= 400 && status < 500) {
            return new SendResult.ProviderFatal(NAME, code, "HTTP " + status + ": the endpoint does not take our request");
        }
        // 1xx and 3xx (redirects are not followed: a re-POST is a second SMS).
        return UnknownCodes.retryable(NAME, status, null);
    }

    /**
     * Any 2xx is the endpoint's success status. A JSON body's id at {@code provider-id-field} is optional (the
     * contract allows an endpoint without ids), and 204 No Content is a success without an id. A body that
     * stalled, broke off, is empty under another 2xx or is not JSON is ambiguous: the endpoint may have sent.
     */
    private SendResult sent(HttpExchange.Reply reply) {
        if (reply.status() == 204 && reply.complete()) {
            return new SendResult.Sent(NAME, null);
        }
        return switch (SuccessAnswers.read(NAME, reply, Set.of(reply.status()), json)) {
            case SuccessAnswers.Read.Json answer -> new SendResult.Sent(NAME, SuccessAnswers.id(answer.body().at(providerId)));
            case SuccessAnswers.Read.NotTheProvider notTheProvider -> notTheProvider.failure();
            case SuccessAnswers.Read.Ambiguous ambiguous -> SendResult.Sent.ambiguous(NAME, null, ambiguous.reason());
        };
    }

    private boolean isJsonObject(HttpExchange.Reply reply) {
        try {
            JsonNode node = json.readTree(reply.body());
            return node != null && node.isObject();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
