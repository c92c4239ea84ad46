package dev.smsworker.worker.providers;

import dev.smsworker.worker.providers.http.HttpExchange;
import okhttp3.Headers;

/** Provider answers for classifier tests, as the HTTP client hands them over. */
public final class TestReplies {

    private TestReplies() {
    }

    /** A whole answer declared as JSON. */
    public static HttpExchange.Reply json(int status, String body) {
        return of(status, "application/json; charset=utf-8", body);
    }

    /** A whole answer; {@code contentType} null for none. */
    public static HttpExchange.Reply of(int status, String contentType, String body) {
        Headers headers = contentType == null ? Headers.of() : Headers.of("Content-Type", contentType);
        return new HttpExchange.Reply(status, body, headers, true);
    }

    /** The status line arrived, the body stalled or broke off after {@code partialBody}. */
    public static HttpExchange.Reply cut(int status, String partialBody) {
        return new HttpExchange.Reply(status, partialBody, Headers.of("Content-Type", "application/json"), false);
    }
}
