package dev.smsworker.worker.support;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A JSON SMS API at the HTTP level (MockWebServer), standing in for LINK Mobility or the generic HTTP
 * provider: records every request and answers as the test scripts it, by default 200 with an id.
 */
public final class FakeHttpProvider implements AutoCloseable {

    /** One request as the provider would see it. */
    public record Call(Instant at, String path, String authorization, String body) {
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, MockResponse> behaviour = call -> accepted();

    public FakeHttpProvider() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Call call = new Call(Instant.now(), request.getUrl().encodedPath(), request.getHeaders().get("Authorization"),
                        request.getBody() == null ? "" : request.getBody().utf8());
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

    /** Properties that make this fake the {@code http} (generic) provider. */
    public String[] asGenericHttp() {
        return new String[]{
                "sms.providers.http.url=" + server.url("/sms"),
                "sms.providers.http.bearer-token=test-gateway-token",
                "sms.providers.http.read-timeout=3s",
                "sms.providers.http.call-timeout=5s"};
    }

    /** Properties that make this fake the {@code linkmobility} provider. */
    public String[] asLinkMobility() {
        return new String[]{
                "sms.providers.linkmobility.base-url=" + server.url("/"),
                "sms.providers.linkmobility.username=test-user",
                "sms.providers.linkmobility.password=test-password",
                "sms.providers.linkmobility.platform-id=COMMON_API",
                "sms.providers.linkmobility.platform-partner-id=4242",
                "sms.providers.linkmobility.source=ACME",
                "sms.providers.linkmobility.read-timeout=3s",
                "sms.providers.linkmobility.call-timeout=5s"};
    }

    /** Properties that make this fake the {@code vonage} provider (form bodies: keep test texts free of spaces). */
    public String[] asVonage() {
        return new String[]{
                "sms.providers.vonage.base-url=" + server.url("/"),
                "sms.providers.vonage.api-key=abcd1234",
                "sms.providers.vonage.api-secret=test-secret",
                "sms.providers.vonage.from=ACME",
                "sms.providers.vonage.read-timeout=3s",
                "sms.providers.vonage.call-timeout=5s"};
    }

    /** Vonage's answer: HTTP 200 with one part of the given status ({@code "0"} = accepted). */
    public static MockResponse vonage(String status) {
        return json(200, "{\"message-count\":\"1\",\"messages\":[{\"to\":\"46701234567\",\"message-id\":\""
                + UUID.randomUUID() + "\",\"status\":\"" + status + "\",\"error-text\":\"Quota Exceeded - rejected\"}]}");
    }

    public void answer(Function<Call, MockResponse> behaviour) {
        this.behaviour = behaviour;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls whose JSON body contains {@code text} (each test's SMS body is unique). */
    public List<Call> callsWith(String text) {
        return calls.stream().filter(c -> c.body().contains(text)).toList();
    }

    /** 200 with both shapes of id: LINK's {@code messageId} and the generic provider's {@code id}. */
    public static MockResponse accepted() {
        String id = UUID.randomUUID().toString();
        return json(200, "{\"id\":\"" + id + "\",\"messageId\":\"" + id + "\",\"resultCode\":1005,\"description\":\"Queued\"}");
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
