package dev.smsworker.worker.receipts;

import dev.smsworker.worker.support.WorkerFixture;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's status callbacks as Twilio sends them to the URL the worker gave it ({@code /receipts/twilio?ref=<our
 * messageId>}), form-encoded and signed with {@code X-Twilio-Signature}, for the receipt ITs whose worker has
 * {@code sms.receipts.public-url=}{@link #PUBLIC_URL} and Twilio's auth token {@link #TOKEN}.
 */
final class TwilioCallbacks {

    static final String PUBLIC_URL = "https://sms.example.com";
    static final String TOKEN = "test-secret-token";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TwilioCallbacks() {
    }

    /**
     * @param errorCode Twilio's {@code ErrorCode}, or null for none
     * @return the endpoint's HTTP status
     */
    static int post(WorkerFixture fixture, String sid, String status, String errorCode, String ref) throws Exception {
        Map<String, List<String>> form = new TreeMap<>();
        form.put("AccountSid", List.of("AC0123456789"));
        form.put("MessageSid", List.of(sid));
        form.put("MessageStatus", List.of(status));
        if (errorCode != null) {
            form.put("ErrorCode", List.of(errorCode));
        }
        String path = "/receipts/twilio?ref=" + ref;
        String signature = TwilioSignature.of(TOKEN, PUBLIC_URL + path, form);
        StringBuilder body = new StringBuilder();
        form.forEach((name, values) -> body.append(body.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(values.getFirst(), StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + fixture.worker().bean(ReceiptsServer.class).port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
