package dev.smsworker.worker.providers.http;

import dev.smsworker.worker.providers.SendResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;
import java.util.function.Function;

/**
 * Reads a 2xx answer against the provider's documented success shape: its documented status, a JSON body
 * that was read to its end and parses, and a message id. Anything less is one of two things:
 * <ul>
 *   <li><b>not the provider</b>: an HTML or XML page (a proxy's sign-in page, a captive portal), or a 2xx the
 *       provider never documents for a send with a body that is not its shape. The request cannot have been
 *       accepted by the provider's API, so it is a retryable failure of that provider and the router fails over;</li>
 *   <li><b>ambiguous</b>: the provider's documented success status with a body that stalled, broke off, is
 *       empty, is not JSON or has no id. The provider may have accepted the SMS; the caller records it as sent
 *       with an unknown id ({@link SendResult.Sent#ambiguity()}) and never hands it to another provider.</li>
 * </ul>
 * Source of the rule: issue 9, "A success is the provider's documented success, nothing less".
 */
public final class SuccessAnswers {

    /** Provider message ids go into events and the sent record: a longer one is not an id. */
    private static final int MAX_ID_LENGTH = 256;

    private SuccessAnswers() {
    }

    /** What a 2xx answer turned out to be. */
    public sealed interface Read {

        /** A whole JSON object declared as JSON (or undeclared): the classifier reads its fields. */
        record Json(JsonNode body) implements Read {
        }

        /** Something in front of the provider answered, not its API: a failure of that provider. */
        record NotTheProvider(SendResult.Retryable failure) implements Read {
        }

        /** The provider may have accepted the SMS, but its answer can't tell; {@code reason} is a short code. */
        record Ambiguous(String reason) implements Read {
        }
    }

    /**
     * @param documented the 2xx statuses the provider documents for a send (e.g. Twilio 200/201)
     */
    public static Read read(String provider, HttpExchange.Reply reply, Set<Integer> documented, JsonMapper json) {
        int status = reply.status();
        if (reply.isMarkup()) {
            return new Read.NotTheProvider(new SendResult.Retryable(provider, "html-" + status,
                    provider + " answered HTTP " + status + " with a web page, not its API's JSON: something in front of it answered"));
        }
        JsonNode body = reply.complete() ? object(json, reply.body()) : null;
        if (body != null && declaresJson(reply)) {
            return new Read.Json(body);
        }
        if (!documented.contains(status)) {
            return new Read.NotTheProvider(new SendResult.Retryable(provider, "unexpected-" + status,
                    provider + " never answers a send with HTTP " + status + " and this body is not its success shape"));
        }
        if (!reply.complete()) {
            return new Read.Ambiguous("body-unreadable");
        }
        if (reply.body().isBlank()) {
            return new Read.Ambiguous("empty-body");
        }
        return new Read.Ambiguous(declaresJson(reply) ? "body-unreadable" : "not-json");
    }

    /**
     * For providers whose success is one object with an id field: sent with that id; ambiguous
     * ({@code no-message-id}) when the object has none; or the failure/ambiguity {@link #read} found.
     */
    public static SendResult sent(String provider, HttpExchange.Reply reply, Set<Integer> documented, JsonMapper json,
                                  Function<JsonNode, JsonNode> id) {
        return switch (read(provider, reply, documented, json)) {
            case Read.Json success -> {
                String value = id(id.apply(success.body()));
                yield value != null ? new SendResult.Sent(provider, value) : SendResult.Sent.ambiguous(provider, null, "no-message-id");
            }
            case Read.NotTheProvider notTheProvider -> notTheProvider.failure();
            case Read.Ambiguous ambiguous -> SendResult.Sent.ambiguous(provider, null, ambiguous.reason());
        };
    }

    /** A provider id: a non-blank scalar of sensible length, else null. */
    public static String id(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
            return null;
        }
        String value = node.asString();
        return value == null || value.isBlank() || value.length() > MAX_ID_LENGTH ? null : value;
    }

    private static boolean declaresJson(HttpExchange.Reply reply) {
        String type = reply.mediaType();
        // No Content-Type at all is tolerated: the body then has to prove itself by parsing.
        return type.isEmpty() || type.equals("application/json") || type.endsWith("+json");
    }

    private static JsonNode object(JsonMapper json, String body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
