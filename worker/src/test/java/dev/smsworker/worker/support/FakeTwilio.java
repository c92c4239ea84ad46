package dev.smsworker.worker.support;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Twilio's Messages API at the HTTP level (MockWebServer): records every request and answers as the
 * test scripts it, by default {@code 201} with a message sid.
 */
public final class FakeTwilio implements AutoCloseable {

    /** One request as Twilio would see it; {@code traceparent} is the W3C trace context header, or null. */
    public record Call(Instant at, String path, String authorization, Map<String, String> form, String traceparent) {
        public String body() {
            return form.get("Body");
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, MockResponse> behaviour = call -> created();

    public FakeTwilio() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Call call = new Call(Instant.now(), request.getUrl().encodedPath(),
                        request.getHeaders().get("Authorization"), form(request.getBody() == null ? "" : request.getBody().utf8()),
                        request.getHeaders().get("traceparent"));
                calls.add(call);
                return behaviour.apply(call);
            }
        });
        try {
            server.start(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The worker properties that route every SMS to this fake. */
    public String[] workerProperties() {
        return new String[]{
                "sms.providers.order=twilio",
                "sms.providers.twilio.base-url=" + server.url("/").toString(),
                "sms.providers.twilio.account-sid=AC0123456789",
                "sms.providers.twilio.auth-token=test-secret-token",
                "sms.providers.twilio.from=+15005550006",
                "sms.providers.twilio.read-timeout=3s",
                "sms.providers.twilio.call-timeout=5s"};
    }

    public void answer(Function<Call, MockResponse> behaviour) {
        this.behaviour = behaviour;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> callsWithBody(String body) {
        return calls.stream().filter(c -> body.equals(c.body())).toList();
    }

    public static MockResponse created() {
        return json(201, "{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "") + "\",\"status\":\"queued\"}");
    }

    public static MockResponse error(int status, int code, String message) {
        return json(status, "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
                + code + "\",\"status\":" + status + "}");
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> form = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.close();
    }
}
