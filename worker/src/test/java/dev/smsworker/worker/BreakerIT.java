package dev.smsworker.worker;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeHttpProvider;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The circuit breaker and the runtime switch, with the real worker: Vonage (faked) first, the generic
 * HTTP provider (faked) second. The breaker opens after 2 failed calls and probes after 3 seconds.
 */
class BreakerIT {

    /**
     * How long an opened breaker stays open. credit-3 must be routed while vonage's breaker is still open; with 3 s,
     * its publish, consume and failover had to fit in 3 s, which a machine at load 20 does not promise.
     */
    static final Duration OPEN_FOR = Duration.ofSeconds(10);

    static final String SWEDEN = "+46701234567";

    TestBroker broker;
    String vhost;
    FakeHttpProvider vonage;
    FakeHttpProvider gateway;
    RunningWorker worker;
    BrokerClient client;
    BlockingQueue<String> events;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("breaker");
        vonage = new FakeHttpProvider();
        gateway = new FakeHttpProvider();
        List<String> properties = new ArrayList<>(List.of(vonage.asVonage()));
        properties.addAll(List.of(gateway.asGenericHttp()));
        properties.addAll(List.of("sms.providers.order=vonage,http",
                "sms.routing.breaker.sliding-window=2", "sms.routing.breaker.minimum-calls=2",
                "sms.routing.breaker.open-for=" + OPEN_FOR.toSeconds() + "s", "sms.routing.breaker.half-open-calls=1",
                "management.endpoints.web.exposure.include=health,prometheus,providers"));
        worker = RunningWorker.start(broker, vhost, properties.toArray(String[]::new));
        client = new BrokerClient(broker, vhost);
        events = client.watchEvents();
    }

    @AfterEach
    void stop() {
        client.close();
        worker.close();
        vonage.close();
        gateway.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void aPrimaryOutOfCreditIsFailedOverThenSkippedByItsOpenBreakerThenProbedAfterTheCoolDown() throws Exception {
        vonage.answer(call -> FakeHttpProvider.vonage("9")); // partner quota violation: out of credit

        assertThat(send("credit-1")).contains("\"provider\":\"http\"");
        assertThat(send("credit-2")).contains("\"provider\":\"http\"");
        assertThat(vonage.calls()).hasSize(2);
        assertThat(get("/actuator/health/providers")).contains("\"vonage\":{\"enabled\":true,\"breaker\":\"OPEN\"");
        assertThat(get("/actuator/prometheus")).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"vonage\",state=\"open\"} 1.0");

        assertThat(send("credit-3")).contains("\"provider\":\"http\"");
        assertThat(vonage.calls()).as("skipped while open").hasSize(2);

        vonage.answer(call -> FakeHttpProvider.vonage("0")); // topped up
        await().atMost(OPEN_FOR.plusSeconds(10)).until(() -> get("/actuator/health/providers").contains("\"breaker\":\"HALF_OPEN\""));
        assertThat(send("credit-4")).contains("\"provider\":\"vonage\"");
        assertThat(get("/actuator/health/providers")).contains("\"vonage\":{\"enabled\":true,\"breaker\":\"CLOSED\"");
    }

    @Test
    void aProviderSwitchedOffThroughTheActuatorIsLeftOutUntilTheOverrideIsDropped() throws Exception {
        vonage.answer(call -> FakeHttpProvider.vonage("0"));

        assertThat(call("POST", "/actuator/providers/vonage", "{\"enabled\":false}")).isEqualTo(200);
        assertThat(send("switched-1")).contains("\"provider\":\"http\"");
        assertThat(vonage.calls()).isEmpty();
        assertThat(get("/actuator/health/providers")).contains("\"vonage\":{\"enabled\":false");

        assertThat(call("DELETE", "/actuator/providers/vonage", null)).isEqualTo(200);
        assertThat(send("switched-2")).contains("\"provider\":\"vonage\"");
    }

    @Test
    void switchingAProviderNoRouteUsesIsRefused() throws Exception {
        assertThat(call("POST", "/actuator/providers/sinch", "{\"enabled\":false}")).isEqualTo(400);
    }

    /** Publishes an SMS with this text and returns its sent event. */
    private String send(String text) throws InterruptedException {
        String id = Requests.uniqueId();
        client.publish("send.transactional", Requests.json(id, "transactional", text + "-" + id, SWEDEN));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.contains(id) && event.contains("\"type\":\"sent\"")) {
                return event;
            }
        }
        throw new AssertionError("no sent event for " + text);
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.port() + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
